// Look-up by name in the query editor: the reconciliation service's entity suggest
// (/reconcile/suggest/entity?prefix=…) lists the entities whose names start with what is
// typed; picking one puts its IRI, <…>, at the cursor of the open query (sparql-editor.js).
// Without JavaScript the form searches the site instead.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("afgld-sparql").textContent).lookup;
  const form = document.getElementById("name-lookup");
  const input = document.getElementById("name-lookup-q");
  const list = document.getElementById("name-lookup-results");
  const status = document.getElementById("name-lookup-status");
  let asked = 0;
  let timer = null;

  function say(text) {
    status.textContent = text;
  }

  function show(found, prefix) {
    list.replaceChildren();
    found.forEach((entity) => {
      const iri = config.space + entity.id;
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = entity.name;
      button.dataset.iri = iri;
      button.setAttribute("aria-describedby", `name-lookup-iri-${list.children.length}`);
      button.addEventListener("click", () => pick(entity, iri));
      const about = document.createElement("span");
      about.className = "muted";
      about.id = `name-lookup-iri-${list.children.length}`;
      about.textContent = ` ${entity.description || ""} · <${iri}>`;
      item.append(button, about);
      list.append(item);
    });
    say(found.length
      ? `${found.length} name${found.length === 1 ? "" : "s"} start with “${prefix}”: pick one to insert its IRI.`
      : `No name starts with “${prefix}”.`);
  }

  function pick(entity, iri) {
    if (!window.afgldEditor) {
      say("The query editor is not ready yet.");
      return;
    }
    window.afgldEditor.insert(`<${iri}>`);
    list.replaceChildren();
    say(`Inserted the IRI of ${entity.name}: <${iri}>.`);
  }

  async function lookUp() {
    const prefix = input.value.trim();
    const mine = ++asked;
    if (!prefix) {
      list.replaceChildren();
      say("");
      return;
    }
    const url = new URL(config.suggest, window.location.href);
    url.searchParams.set("prefix", prefix);
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      const answer = await response.json();
      if (mine !== asked) return;  // a later look-up has been asked for
      if (!response.ok) {
        list.replaceChildren();
        say(answer.message || `The look-up failed (${response.status}).`);
        return;
      }
      show(answer.result, prefix);
    } catch (error) {
      if (mine === asked) say("The look-up failed: the server did not answer.");
    }
  }

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookUp, 150);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      input.value = "";
      lookUp();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    lookUp();
  });
}());
