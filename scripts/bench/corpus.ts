/**
 * Deterministic benchmark inputs: the large files typed into for latency, and a scan corpus
 * of thousands of files built from the repository's own realistic sources (the example
 * BooksStore app and the rule fixtures) plus generated services. Same seed, same bytes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Small deterministic PRNG (mulberry32) so every run builds the same corpus. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ENTITIES = ['book', 'author', 'order', 'customer', 'review', 'invoice', 'shelf', 'loan', 'member', 'publisher'];
const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

/** A Go API file of about `lines` lines: handlers, repositories, JWT middleware, some unsafe. */
export function goService(lines: number, seed = 1): string {
  const rand = rng(seed);
  const out: string[] = [
    'package api',
    '',
    'import (',
    '\t"database/sql"',
    '\t"encoding/json"',
    '\t"fmt"',
    '\t"net/http"',
    '\t"os"',
    '\t"strings"',
    '\t"time"',
    '',
    '\t"github.com/golang-jwt/jwt/v5"',
    ')',
    '',
    'var signingKey = []byte(os.Getenv("JWT_SIGNING_KEY"))',
    '',
    'type Server struct {',
    '\tdb *sql.DB',
    '}',
    '',
  ];
  for (let i = 0; out.length < lines; i++) {
    const e = ENTITIES[i % ENTITIES.length];
    const T = `${cap(e)}${i}`;
    out.push(
      `// ${T} is a row of the ${e}s table.`,
      `type ${T} struct {`,
      '\tID    int64  `json:"id"`',
      '\tTitle string `json:"title"`',
      '\tOwner string `json:"owner"`',
      '}',
      '',
      `func (s *Server) list${T}(w http.ResponseWriter, r *http.Request) {`,
      '\towner := r.URL.Query().Get("owner")',
    );
    if (rand() < 0.3) {
      out.push(`\tquery := fmt.Sprintf("SELECT id, title, owner FROM ${e}s WHERE owner = '%s'", owner)`, '\trows, err := s.db.Query(query)');
    } else {
      out.push(`\trows, err := s.db.Query("SELECT id, title, owner FROM ${e}s WHERE owner = $1", owner)`);
    }
    out.push(
      '\tif err != nil {',
      '\t\thttp.Error(w, err.Error(), http.StatusInternalServerError)',
      '\t\treturn',
      '\t}',
      '\tdefer rows.Close()',
      `\tvar items []${T}`,
      '\tfor rows.Next() {',
      `\t\tvar item ${T}`,
      '\t\tif err := rows.Scan(&item.ID, &item.Title, &item.Owner); err != nil {',
      '\t\t\thttp.Error(w, err.Error(), http.StatusInternalServerError)',
      '\t\t\treturn',
      '\t\t}',
      '\t\titems = append(items, item)',
      '\t}',
      '\t_ = json.NewEncoder(w).Encode(items)',
      '}',
      '',
      `func (s *Server) auth${T}(next http.Handler) http.Handler {`,
      '\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {',
      '\t\traw := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")',
      '\t\ttoken, err := jwt.Parse(raw, func(t *jwt.Token) (interface{}, error) {',
      '\t\t\tif _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok {',
      '\t\t\t\treturn nil, fmt.Errorf("unexpected signing method %v", t.Header["alg"])',
      '\t\t\t}',
      '\t\t\treturn signingKey, nil',
      '\t\t}, jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())',
      '\t\tif err != nil || !token.Valid {',
      '\t\t\thttp.Error(w, "unauthorized", http.StatusUnauthorized)',
      '\t\t\treturn',
      '\t\t}',
      '\t\tnext.ServeHTTP(w, r)',
      '\t})',
      '}',
      '',
      `func issue${T}(subject string) (string, error) {`,
      '\tclaims := jwt.RegisteredClaims{Subject: subject, ExpiresAt: jwt.NewNumericDate(time.Now().Add(15 * time.Minute))}',
      '\treturn jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(signingKey)',
      '}',
      '',
    );
  }
  return out.join('\n') + '\n';
}

/** An Express + pg + jsonwebtoken service of about `lines` lines, some routes unsafe. */
export function tsService(lines: number, seed = 2): string {
  const rand = rng(seed);
  const out: string[] = [
    "import express, { type Request, type Response, type NextFunction } from 'express';",
    "import jwt from 'jsonwebtoken';",
    "import { Pool } from 'pg';",
    '',
    'const pool = new Pool({ connectionString: process.env.DATABASE_URL });',
    "const secret = process.env.JWT_SECRET ?? '';",
    'export const router = express.Router();',
    '',
    'interface AuthedRequest extends Request {',
    '  user?: { sub: string; role: string };',
    '}',
    '',
  ];
  for (let i = 0; out.length < lines; i++) {
    const e = ENTITIES[i % ENTITIES.length];
    const T = `${cap(e)}${i}`;
    out.push(
      `export interface ${T} {`,
      '  id: number;',
      '  title: string;',
      '  owner: string;',
      '}',
      '',
      `function requireAuth${T}(req: AuthedRequest, res: Response, next: NextFunction): void {`,
      "  const header = req.headers.authorization ?? '';",
      "  const token = header.replace(/^Bearer /, '');",
      '  try {',
      "    req.user = jwt.verify(token, secret, { algorithms: ['HS256'] }) as AuthedRequest['user'];",
      '    next();',
      '  } catch {',
      "    res.status(401).json({ error: 'unauthorized' });",
      '  }',
      '}',
      '',
      `// GET /${e}s/${i}: the caller's ${e}s.`,
      `router.get('/${e}s/${i}', requireAuth${T}, async (req: AuthedRequest, res: Response) => {`,
      '  const owner = String(req.query.owner ?? req.user?.sub);',
    );
    if (rand() < 0.3) {
      out.push(`  const { rows } = await pool.query(\`SELECT id, title, owner FROM ${e}s WHERE owner = '\${owner}'\`);`);
    } else {
      out.push(`  const { rows } = await pool.query<${T}>('SELECT id, title, owner FROM ${e}s WHERE owner = $1', [owner]);`);
    }
    out.push(
      '  res.json(rows);',
      '});',
      '',
      `export function issue${T}(sub: string, role: string): string {`,
      "  return jwt.sign({ sub, role }, secret, { algorithm: 'HS256', expiresIn: '15m' });",
      '}',
      '',
    );
  }
  return out.join('\n') + '\n';
}

/** A multi-document manifest of about `lines` lines: Deployments, Services and ConfigMaps. */
export function k8sManifest(lines: number, seed = 3): string {
  const rand = rng(seed);
  const docs: string[] = [];
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const name = `${ENTITIES[i % ENTITIES.length]}-svc-${i}`;
    const hardened = rand() < 0.6;
    const doc = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: ${name}`,
      '  namespace: booksstore',
      '  labels:',
      `    app: ${name}`,
      'spec:',
      '  replicas: 2',
      '  selector:',
      '    matchLabels:',
      `      app: ${name}`,
      '  template:',
      '    metadata:',
      '      labels:',
      `        app: ${name}`,
      '    spec:',
      '      automountServiceAccountToken: false',
      `      serviceAccountName: ${name}`,
      '      securityContext:',
      `        runAsNonRoot: ${hardened}`,
      '        seccompProfile:',
      '          type: RuntimeDefault',
      '      containers:',
      `        - name: ${name}`,
      `          image: registry.example.com/booksstore/${name}:${hardened ? '1.4.2' : 'latest'}`,
      '          ports:',
      '            - containerPort: 8080',
      '          env:',
      '            - name: DATABASE_URL',
      '              valueFrom:',
      '                secretKeyRef:',
      '                  name: db',
      '                  key: url',
      '          securityContext:',
      '            allowPrivilegeEscalation: false',
      `            readOnlyRootFilesystem: ${hardened}`,
      '            capabilities:',
      '              drop: ["ALL"]',
      '          resources:',
      '            limits: { cpu: 500m, memory: 256Mi }',
      '            requests: { cpu: 100m, memory: 128Mi }',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      `  name: ${name}`,
      '  namespace: booksstore',
      'spec:',
      `  selector: { app: ${name} }`,
      '  ports:',
      '    - port: 80',
      '      targetPort: 8080',
    ].join('\n');
    docs.push(doc);
    count += doc.split('\n').length + 1;
  }
  return docs.join('\n---\n') + '\n';
}

/** A multi-stage Dockerfile of about `lines` lines. */
export function dockerfile(lines: number): string {
  const out = ['ARG GO_VERSION=1.22', 'FROM golang:${GO_VERSION}-alpine AS build', 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .'];
  for (let i = 0; out.length < lines - 12; i++) {
    out.push(
      `# step ${i}: build the ${ENTITIES[i % ENTITIES.length]} tool`,
      `RUN CGO_ENABLED=0 go build -trimpath -o /out/tool-${i} ./cmd/tool-${i} && \\`,
      `    test -x /out/tool-${i}`,
    );
  }
  out.push(
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'LABEL org.opencontainers.image.source="https://example.com/booksstore"',
    'COPY --from=build /out/ /usr/local/bin/',
    'ENV GIN_MODE=release',
    'EXPOSE 8080',
    'USER 65532:65532',
    'ENTRYPOINT ["/usr/local/bin/tool-0"]',
  );
  return out.join('\n') + '\n';
}

type Family = 'go' | 'ts' | 'k8s' | 'docker';

/** Realistic sources in this repository to vary the corpus with (examples and fixtures). */
function templates(repoRoot: string): Record<Family, { name: string; text: string }[]> {
  const found: Record<Family, { name: string; text: string }[]> = { go: [], ts: [], k8s: [], docker: [] };
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') visit(full);
        continue;
      }
      if (entry.name.includes('.fixed')) continue;
      const text = fs.readFileSync(full, 'utf8');
      if (entry.name.endsWith('.go')) found.go.push({ name: entry.name, text });
      else if (/\.(ts|tsx|js|mjs)$/.test(entry.name)) found.ts.push({ name: entry.name, text });
      else if (/\.ya?ml$/.test(entry.name) && /^(apiVersion|services):/m.test(text)) found.k8s.push({ name: entry.name, text });
      else if (/^(Dockerfile|Containerfile)|\.dockerfile$/.test(entry.name)) found.docker.push({ name: entry.name, text });
    }
  };
  visit(path.join(repoRoot, 'examples'));
  visit(path.join(repoRoot, 'test', 'fixtures'));
  return found;
}

/**
 * Writes `total` files (Go, TS/JS, manifests, Dockerfiles in realistic proportions) under `dir`,
 * one service per folder, and returns their count. Each is a repository source or a generated
 * service, so every rule has work to do and most files are clean, as in real projects.
 */
export function writeCorpus(dir: string, repoRoot: string, total: number): number {
  const rand = rng(42);
  const pool = templates(repoRoot);
  const share: [Family, number][] = [
    ['go', 0.35],
    ['ts', 0.35],
    ['k8s', 0.2],
    ['docker', 0.1],
  ];
  let written = 0;
  for (const [family, fraction] of share) {
    const count = family === 'docker' ? total - written : Math.round(total * fraction);
    for (let i = 0; i < count; i++) {
      const folder = path.join(dir, `svc-${String(i % 250).padStart(3, '0')}`, family);
      fs.mkdirSync(folder, { recursive: true });
      const generated = rand() < 0.35;
      const template = pool[family][i % pool[family].length];
      const size = 80 + Math.floor(rand() * 220);
      let name: string;
      let text: string;
      if (family === 'go') {
        name = `f${i}.go`;
        text = generated || !template ? goService(size, i) : template.text;
      } else if (family === 'ts') {
        const ext = generated || !template ? 'ts' : path.extname(template.name).slice(1);
        name = `f${i}.${ext}`;
        text = generated || !template ? tsService(size, i) : template.text;
      } else if (family === 'k8s') {
        name = `f${i}.yaml`;
        text = generated || !template ? k8sManifest(size, i) : template.text;
      } else {
        name = `Dockerfile.f${i}`;
        text = generated || !template ? dockerfile(Math.min(size, 60)) : template.text;
      }
      fs.writeFileSync(path.join(folder, name), text);
      written++;
    }
  }
  return written;
}
