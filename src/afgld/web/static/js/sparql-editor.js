// The query editor at /sparql: YASGUI, vendored from npm, talking only to this endpoint.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("afgld-sparql").textContent);
  // YASGUI needs an absolute URL; this page's own address is the base, never a guess.
  const endpoint = new URL(config.endpoint, window.location.href).href;
  const prologue = Object.keys(config.prefixes).sort()
    .map((name) => `PREFIX ${name}: <${config.prefixes[name]}>`).join("\n");
  const start = `${prologue}\n\nSELECT ?graph (COUNT(*) AS ?triples) WHERE {\n  GRAPH ?graph { ?s ?p ?o }\n}\nGROUP BY ?graph\n`;

  Yasgui.Yasqe.defaults.value = start;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    persistenceId: null,  // fresh tabs on each visit: the examples, or the linked query
    // A shared link reopens its query, always against this endpoint.
    populateFromUrl: (tab) => {
      tab.requestConfig = { ...tab.requestConfig, endpoint: endpoint };
      return tab;
    },
    yasqe: {
      // "class" and "property" completion would ask a third-party service: left out.
      autocompleters: ["variables", "prefixes"],
      collapsePrefixesOnLoad: true,
      prefixCcApi: null,
    },
  });
  config.examples.forEach((example) => {
    yasgui.addTab(false, { name: example.title, yasqe: { value: example.query } });
  });
}());
