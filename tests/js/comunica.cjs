// Comunica (@comunica/query-sparql, an npm devDependency) as a Linked Data client: reads a JSON
// list of {"query", "source"} on standard input, runs each query over its one source with an
// engine of its own (nothing cached between runs), and prints the list of answers as JSON:
// each a list of rows (for each variable, [termType, value, language, datatype]) or {"error"}.
// One Node process for every run: starting Comunica takes seconds, a query over one document
// milliseconds. A source "sparql@URL" is a SPARQL endpoint; any other is a document URL,
// fetched with Comunica's own Accept header.
"use strict";
const { QueryEngine } = require("@comunica/query-sparql");

function term(t) {
  return [t.termType, t.value, t.language || "", t.datatype ? t.datatype.value || "" : ""];
}

async function run(query, source) {
  const target = source.startsWith("sparql@")
    ? { type: "sparql", value: source.slice("sparql@".length) }
    : source;
  const stream = await new QueryEngine().queryBindings(query, { sources: [target] });
  const rows = await stream.toArray();
  return rows.map((row) => [...row.keys()].map((name) => term(row.get(name))));
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const runs = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const answers = [];
  for (const { query, source } of runs) {
    try {
      answers.push(await run(query, source));
    } catch (error) {
      answers.push({ error: String(error && error.message) });
    }
  }
  process.stdout.write(JSON.stringify(answers));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack) + "\n");
  process.exit(1);
});
