// The network drawn as SVG from /network.json (the same filters as the page): d3-force lays it
// out (300 steps, then still), this script draws it with plain SVG elements and attributes (no
// inline style, no eval: the site's Content-Security-Policy holds). Drag to pan, wheel or the
// buttons to zoom; a node leads to its page, an edge to its first statement. Without this
// script the table under the figure lists every edge.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("network-graph");
  if (!svg || !window.d3 || !window.d3.forceSimulation || !window.fetch) {
    return;
  }
  var d3 = window.d3;

  function el(name, attributes, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attributes).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    if (parent) {
      parent.appendChild(node);
    }
    return node;
  }

  function titled(node, text) {
    el("title", {}, node).textContent = text;
    return node;
  }

  function layout(data) {
    var nodes = data.nodes.map(function (n) {
      return { id: n.id, label: n.label, kind: n.kind, href: n.href, degree: n.degree };
    });
    var links = data.edges.map(function (e) {
      return { source: e.source, target: e.target, kind: e.kind, title: e.title, statements: e.statements };
    });
    var simulation = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id(function (d) { return d.id; }).distance(70))
      .force("charge", d3.forceManyBody().strength(-140))
      .force("x", d3.forceX(500).strength(0.06))
      .force("y", d3.forceY(350).strength(0.09))
      .force("collide", d3.forceCollide(function (d) { return radius(d) + 3; }))
      .stop();
    for (var i = 0; i < 300; i += 1) {
      simulation.tick();
    }
    return { nodes: nodes, links: links };
  }

  function radius(node) {
    return 4 + Math.min(10, Math.sqrt(node.degree) * 2);
  }

  function draw(data) {
    var graph = layout(data);
    var defs = el("defs", {}, svg);
    ["member", "leads", "attends", "accuses", "denies", "relays"].forEach(function (kind) {
      var marker = el("marker", {
        id: "arrow-" + kind, viewBox: "0 0 10 10", refX: "10", refY: "5",
        markerUnits: "userSpaceOnUse", markerWidth: "9", markerHeight: "9", orient: "auto",
        "class": "arrow edge-" + kind
      }, defs);
      el("path", { d: "M 0 0 L 10 5 L 0 10 z" }, marker);
    });
    var world = el("g", { "class": "world" }, svg);
    var edges = el("g", { "class": "edges" }, world);
    var nodes = el("g", { "class": "nodes" }, world);
    var byNode = {};
    graph.links.forEach(function (link) {
      var s = link.source, t = link.target;
      var dx = t.x - s.x, dy = t.y - s.y, length = Math.sqrt(dx * dx + dy * dy) || 1;
      var end = radius(t) + 2;
      var anchor = el("a", { href: link.statements.length ? link.statements[0].href : "#edges",
        "class": "edge edge-" + link.kind }, edges);
      titled(anchor, s.label + " " + link.title + " " + t.label + " (" +
        link.statements.length + " statement" + (link.statements.length === 1 ? "" : "s") + "): " +
        link.statements.map(function (c) { return c.text; }).join(" | "));
      el("line", {
        x1: s.x.toFixed(1), y1: s.y.toFixed(1),
        x2: (t.x - dx / length * end).toFixed(1), y2: (t.y - dy / length * end).toFixed(1),
        "stroke-width": String(1 + Math.min(3, link.statements.length - 1)),
        "marker-end": "url(#arrow-" + link.kind + ")"
      }, anchor);
      [s.id, t.id].forEach(function (id) { (byNode[id] = byNode[id] || []).push(anchor); });
    });
    graph.nodes.forEach(function (node) {
      var anchor = el("a", { href: node.href || "#edges", "class": "node node-" + node.kind +
        (node.degree >= 3 ? " named" : "") }, nodes);
      titled(anchor, node.label + " (" + node.degree + " edge" + (node.degree === 1 ? "" : "s") + ")");
      el("circle", { cx: node.x.toFixed(1), cy: node.y.toFixed(1), r: radius(node).toFixed(1) }, anchor);
      var label = el("text", { x: (node.x + radius(node) + 3).toFixed(1), y: (node.y + 4).toFixed(1) }, anchor);
      label.textContent = node.label.length > 40 ? node.label.slice(0, 39) + "…" : node.label;
      ["mouseenter", "focus"].forEach(function (name) {
        anchor.addEventListener(name, function () { light(anchor, byNode[node.id] || [], true); });
      });
      ["mouseleave", "blur"].forEach(function (name) {
        anchor.addEventListener(name, function () { light(anchor, byNode[node.id] || [], false); });
      });
    });
    fit(graph.nodes);
  }

  function light(node, edges, on) {
    svg.classList.toggle("lit", on);
    node.classList.toggle("on", on);
    edges.forEach(function (edge) { edge.classList.toggle("on", on); });
  }

  // -- moving about: the viewBox is the camera ------------------------------------------------
  var box = [0, 0, 1000, 700];
  var home = box.slice();

  function show() {
    svg.setAttribute("viewBox", box.map(function (v) { return v.toFixed(1); }).join(" "));
  }

  function fit(nodes) {
    if (!nodes.length) {
      return;
    }
    var xs = nodes.map(function (n) { return n.x; }), ys = nodes.map(function (n) { return n.y; });
    var left = Math.min.apply(null, xs) - 40, top = Math.min.apply(null, ys) - 40;
    var width = Math.max.apply(null, xs) - left + 160, height = Math.max.apply(null, ys) - top + 40;
    var scale = Math.max(width / 1000, height / 700);
    box = [left, top, 1000 * scale, 700 * scale];
    home = box.slice();
    show();
  }

  function zoom(factor, cx, cy) {
    var x = cx === undefined ? box[0] + box[2] / 2 : cx, y = cy === undefined ? box[1] + box[3] / 2 : cy;
    box = [x - (x - box[0]) * factor, y - (y - box[1]) * factor, box[2] * factor, box[3] * factor];
    show();
  }

  function point(event) {
    var rect = svg.getBoundingClientRect();
    return [box[0] + (event.clientX - rect.left) / rect.width * box[2],
            box[1] + (event.clientY - rect.top) / rect.height * box[3]];
  }

  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var p = point(event);
    zoom(event.deltaY > 0 ? 1.15 : 1 / 1.15, p[0], p[1]);
  }, { passive: false });
  var drag = null;
  svg.addEventListener("pointerdown", function (event) {
    if (event.target === svg) {
      drag = [event.clientX, event.clientY, box[0], box[1]];
      svg.setPointerCapture(event.pointerId);
    }
  });
  svg.addEventListener("pointermove", function (event) {
    if (drag) {
      var rect = svg.getBoundingClientRect();
      box[0] = drag[2] - (event.clientX - drag[0]) / rect.width * box[2];
      box[1] = drag[3] - (event.clientY - drag[1]) / rect.height * box[3];
      show();
    }
  });
  svg.addEventListener("pointerup", function () { drag = null; });

  var controls = document.createElement("p");
  controls.className = "network-controls";
  [["Zoom in", function () { zoom(1 / 1.3); }], ["Zoom out", function () { zoom(1.3); }],
   ["Whole network", function () { box = home.slice(); show(); }]].forEach(function (pair) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = pair[0];
    button.addEventListener("click", pair[1]);
    controls.appendChild(button);
  });
  svg.parentNode.parentNode.insertBefore(controls, svg.parentNode);

  fetch(svg.getAttribute("data-src"), { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.status + " " + response.statusText);
      }
      return response.json();
    })
    .then(draw)
    .catch(function (error) {
      var note = document.createElement("p");
      note.className = "muted";
      note.textContent = "The drawing could not be made (" + error.message + "); the table below lists every edge.";
      svg.parentNode.parentNode.insertBefore(note, svg.parentNode);
    });
})();
