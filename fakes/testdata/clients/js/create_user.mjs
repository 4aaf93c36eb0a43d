// One CreateUser call with the AWS SDK for JavaScript v3, for the fake's
// client matrix (fakes/clients_test.go).
//
// Usage: node create_user.mjs ENDPOINT ACCOUNT EMAIL READ_TIMEOUT_MS [tamper-body]
// Credentials come from the environment (AWS_ACCESS_KEY_ID, ...). The
// client is as shipped (node's HTTP handler, standard retries, 3 attempts);
// a read timeout, when not 0, is the handler's socketTimeout: its
// requestTimeout alone only warns. tamper-body changes the body after the
// SDK signed it (the Email's first character becomes "~", its length kept),
// as a proxy that rewrites bodies would. Prints one JSON line: the outcome
// as the caller sees it. Exits 0 whatever the call did; 2 when it cannot run.
import { ChimeClient, CreateUserCommand, ChimeServiceException } from "@aws-sdk/client-chime";
import { createRequire } from "node:module";

const [endpoint, account, email, readTimeoutMs, tamper] = process.argv.slice(2);
if (!endpoint || !account || readTimeoutMs === undefined || (tamper !== undefined && tamper !== "tamper-body")) {
  console.error("usage: node create_user.mjs ENDPOINT ACCOUNT EMAIL READ_TIMEOUT_MS [tamper-body]");
  process.exit(2);
}
const version = createRequire(import.meta.url)("@aws-sdk/client-chime/package.json").version;
console.error(`@aws-sdk/client-chime ${version} node ${process.version}`);

const requestHandler = Number(readTimeoutMs) > 0 ? { socketTimeout: Number(readTimeoutMs) } : undefined;
const client = new ChimeClient({
  endpoint,
  region: "us-east-1",
  requestHandler,
});

if (tamper && email) {
  client.middlewareStack.addRelativeTo(
    (next) => async (args) => {
      args.request.body = args.request.body.replace(email, "~" + email.slice(1));
      return next(args);
    },
    { name: "tamperAfterSigning", relation: "after", toMiddleware: "httpSigningMiddleware" },
  );
}

const input = { AccountId: account };
if (email) input.Email = email;
try {
  const out = await client.send(new CreateUserCommand(input));
  console.log(JSON.stringify({ ok: true, userId: out.User?.UserId ?? "", attempts: out.$metadata?.attempts }));
} catch (e) {
  // A service error (modeled or not) is told apart by its name, as callers
  // do (`e.name === "ConflictException"`); anything else by what failed.
  const service = e instanceof ChimeServiceException || e?.$fault !== undefined;
  console.log(JSON.stringify({
    ok: false,
    service,
    error: e?.name ?? typeof e,
    code: e?.code ?? "",
    message: String(e?.message ?? e),
    attempts: e?.$metadata?.attempts,
  }));
}
