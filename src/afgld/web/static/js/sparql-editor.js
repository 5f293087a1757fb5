// The query editor at /sparql: YASGUI, vendored from npm, talking only to this endpoint.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("afgld-sparql").textContent);
  const prologue = Object.keys(config.prefixes).sort()
    .map((name) => `PREFIX ${name}: <${config.prefixes[name]}>`).join("\n");
  const start = `${prologue}\n\nSELECT ?graph (COUNT(*) AS ?triples) WHERE {\n  GRAPH ?graph { ?s ?p ?o }\n}\nGROUP BY ?graph\n`;

  Yasgui.Yasqe.defaults.value = start;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint: config.endpoint }] },
    persistenceId: null,  // fresh tabs on each visit: the examples, or the linked query
    populateFromUrl: true,
    yasqe: {
      // "class" and "property" completion would ask a third-party service: left out.
      autocompleters: ["variables", "prefixes"],
      collapsePrefixesOnLoad: true,
      prefixCcApi: null,
    },
  });
  const linked = new URLSearchParams(window.location.search).has("query");
  config.examples.forEach((example) => {
    yasgui.addTab(false, { name: example.title, yasqe: { value: example.query } });
  });
  if (!linked && config.examples.length === 0) { return; }
}());
