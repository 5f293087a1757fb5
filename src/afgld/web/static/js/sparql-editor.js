// The query editor at /sparql: YASGUI, vendored from npm, talking only to this endpoint.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("afgld-sparql").textContent);
  // YASGUI needs an absolute URL; this page's own address is the base, never a guess.
  const endpoint = new URL(config.endpoint, window.location.href).href;
  const prologue = Object.keys(config.prefixes).sort()
    .map((name) => `PREFIX ${name}: <${config.prefixes[name]}>`).join("\n");
  const start = `${prologue}\n\nSELECT ?graph (COUNT(*) AS ?triples) WHERE {\n  GRAPH ?graph { ?s ?p ?o }\n}\nGROUP BY ?graph\n`;
  const root = document.getElementById("yasgui");

  Yasgui.Yasqe.defaults.value = start;
  const yasgui = new Yasgui(root, {
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

  // WCAG 2 A/AA (axe-core): YASGUI's markup needs three repairs, redone whenever it redraws.
  // - its tab list owns an "add tab" button, which a tablist may not: that button is hidden
  //   (YASGUI still inserts tabs before it) and ours, outside the list, does the same;
  // - a tab's aria-controls names its panel, which YASGUI only builds once the tab is opened:
  //   kept only while that panel exists;
  // - the endpoint box, the editor's text area and the results' page size have no label:
  //   they get one.
  // Colours: css/sparql-editor.css.
  function repair() {
    root.querySelectorAll(".tabsList > [role=presentation] > button.addTab").forEach((button) => {
      button.parentElement.hidden = true;
    });
    root.querySelectorAll(".tabsList a[role=tab]").forEach((tab) => {
      const panel = (tab.getAttribute("href") || "").slice(1);
      if (panel && document.getElementById(panel)) {
        tab.setAttribute("aria-controls", panel);
      } else {
        tab.removeAttribute("aria-controls");
      }
    });
    label(root.querySelectorAll("input.autocomplete"), "SPARQL endpoint");
    label(root.querySelectorAll(".yasqe .CodeMirror textarea"), "SPARQL query");
    label(root.querySelectorAll(".tabsList .tab input"), "Tab name");
    label(root.querySelectorAll(".yasr select.tableSizer"), "Rows shown");
  }
  function label(elements, text) {
    elements.forEach((element) => {
      if (!element.hasAttribute("aria-label")) element.setAttribute("aria-label", text);
    });
  }
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(() => { pending = false; repair(); });
  }).observe(root, { childList: true, subtree: true });
  repair();
  const newTab = document.getElementById("editor-new-tab");
  newTab.addEventListener("click", () => yasgui.addTab(true));
  newTab.hidden = false;

  // For the look-up by name (name-lookup.js): put text at the cursor of the open query.
  window.afgldEditor = {
    insert(text) {
      const yasqe = yasgui.getTab().getYasqe();
      yasqe.replaceSelection(text);
      yasqe.focus();
    },
  };
}());
