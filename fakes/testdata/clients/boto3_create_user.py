"""One CreateUser call with boto3, for the fake's client matrix.

Usage: boto3_create_user.py ENDPOINT ACCOUNT EMAIL RETRY_MODE READ_TIMEOUT [USER_TYPE]
Credentials come from the environment. Prints one JSON line: the outcome as
the caller sees it. Exits 0 whatever the call did; 2 when it cannot run.
"""
import json
import sys

import boto3
import botocore
from botocore.config import Config


def main(endpoint, account, email, retry_mode, read_timeout, user_type=""):
    client = boto3.client(
        "chime",
        endpoint_url=endpoint,
        region_name="us-east-1",
        config=Config(retries={"mode": retry_mode}, read_timeout=float(read_timeout), connect_timeout=5),
    )
    args = {"AccountId": account}
    if email:
        args["Email"] = email
    if user_type:
        args["UserType"] = user_type
    try:
        out = client.create_user(**args)
        print(json.dumps({"ok": True, "userId": out.get("User", {}).get("UserId", "")}))
    except botocore.exceptions.ClientError as e:
        err = e.response.get("Error", {})
        print(json.dumps({"ok": False, "error": err.get("Code", ""), "message": err.get("Message", "")}))
    except Exception as e:  # transport and parsing failures reach the caller as exceptions
        print(json.dumps({"ok": False, "error": type(e).__name__, "message": str(e)}))


if __name__ == "__main__":
    if len(sys.argv) not in (6, 7):
        sys.exit(__doc__)
    print("boto3 " + boto3.__version__ + " botocore " + botocore.__version__, file=sys.stderr)
    main(*sys.argv[1:])
