package pattern_test

import (
	"bufio"
	"encoding/base64"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// engine is a process of another language that applies patterns with its
// own regex engine, unanchored (a search): V8 is the reference for
// ECMA-262; Python and Java show what other services would do.
//
// Protocol: one line per query, base64 fields separated by tabs (the
// pattern, then the inputs); the answer is a line of 0s and 1s, or "E"
// and the engine's error.
type engine struct {
	name string
	mu   sync.Mutex
	in   io.WriteCloser
	out  *bufio.Reader
}

const v8Script = `
const rl = require('readline').createInterface({input: process.stdin});
const dec = b => Buffer.from(b, 'base64').toString('utf8');
rl.on('line', line => {
  const [p, ...s] = line.split('\t').map(dec);
  let answer;
  try {
    const re = new RegExp(p, 'u');
    answer = s.map(x => re.test(x) ? '1' : '0').join('');
  } catch (e) {
    answer = 'E' + String(e.message).replace(/\n/g, ' ');
  }
  process.stdout.write(answer + '\n');
});`

const pythonScript = `
import base64, re, sys
for line in sys.stdin:
    p, *s = [base64.b64decode(f).decode('utf-8') for f in line.rstrip('\n').split('\t')]
    try:
        r = re.compile(p)
        out = ''.join('1' if r.search(x) else '0' for x in s)
    except re.error as e:
        out = 'E' + str(e)
    sys.stdout.write(out + '\n')
    sys.stdout.flush()
`

const javaSource = `
import java.io.*; import java.nio.charset.StandardCharsets; import java.util.*; import java.util.regex.*;
public class Engine {
  public static void main(String[] a) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
    for (String line; (line = in.readLine()) != null; ) {
      String[] f = line.split("\t", -1);
      StringBuilder b = new StringBuilder();
      try {
        Pattern p = Pattern.compile(dec(f[0]));
        for (int i = 1; i < f.length; i++) b.append(p.matcher(dec(f[i])).find() ? '1' : '0');
      } catch (PatternSyntaxException e) { b = new StringBuilder("E" + e.getDescription()); }
      out.println(b);
    }
  }
  static String dec(String s) { return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8); }
}`

// startV8 starts node, or skips the test, saying so, when it is absent.
func startV8(t testing.TB) *engine {
	t.Helper()
	e := startEngine(t, "V8", "node", "-e", v8Script)
	if e == nil {
		t.Skip("node is not installed: the differential test against V8 needs it (.ci/run installs Debian's nodejs)")
	}
	return e
}

func startPython(t testing.TB) *engine {
	return startEngine(t, "Python", "python3", "-u", "-c", pythonScript)
}

func startJava(t testing.TB) *engine {
	if _, err := exec.LookPath("java"); err != nil {
		return nil
	}
	src := filepath.Join(t.TempDir(), "Engine.java")
	if err := os.WriteFile(src, []byte(javaSource), 0o644); err != nil {
		t.Fatal(err)
	}
	return startEngine(t, "Java", "java", src)
}

// startEngine runs the command; nil (logged) when it is not installed.
func startEngine(t testing.TB, name, command string, args ...string) *engine {
	t.Helper()
	path, err := exec.LookPath(command)
	if err != nil {
		t.Logf("%s is not installed: %s not consulted", command, name)
		return nil
	}
	cmd := exec.Command(path, args...)
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = in.Close()
		_ = cmd.Wait()
	})
	return &engine{name: name, in: in, out: bufio.NewReaderSize(out, 1<<20)}
}

// fataler is what testing.T and rapid.T share.
type fataler interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// match applies source to each input; msg is the engine's error when it
// refuses the pattern.
func (e *engine) match(t fataler, source string, inputs ...string) (results []bool, msg string) {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	fields := []string{base64.StdEncoding.EncodeToString([]byte(source))}
	for _, s := range inputs {
		fields = append(fields, base64.StdEncoding.EncodeToString([]byte(s)))
	}
	if _, err := io.WriteString(e.in, strings.Join(fields, "\t")+"\n"); err != nil {
		t.Fatal(err)
	}
	line, err := e.out.ReadString('\n')
	if err != nil {
		t.Fatalf("%s: %v", e.name, err)
	}
	line = strings.TrimSuffix(line, "\n")
	if msg, failed := strings.CutPrefix(line, "E"); failed {
		return nil, msg
	}
	if len(line) != len(inputs) {
		t.Fatalf("%s answered %q to %d inputs", e.name, line, len(inputs))
	}
	for _, c := range line {
		results = append(results, c == '1')
	}
	return results, ""
}
