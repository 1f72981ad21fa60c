// The re-weighting panel of the Results page.
//
// Recomputes the headline net index and each dimension's contribution from the payload that
// relindex.export.reweight_payload() wrote at build time (inline JSON, #relindex-reweight-data).
// The arithmetic mirrors relindex._core.aggregate.evaluate at the top of the tree:
//   each side renormalises its weights over the dimensions present in the period;
//   arithmetic side: S = sum(w~ x); geometric side: S = prod(max(x, floor) ^ w~);
//   contribution: arithmetic +-w~ x; geometric +-S w~ ln(max(x, f)) / ln S (+-S w~ if ln S = 0);
//   net = b_C cooperation - b_F friction, with the payload's balance [b_C, b_F] (1 and 1 unless
//   the catalogue weights the sides; just cooperation without a friction side).
// relindex.export.score_with_weights() computes the same through the library's core.
(function () {
  "use strict";

  function isNum(x) {
    return typeof x === "number" && isFinite(x);
  }

  // One side in one period: {score, contributions: {id: share * S}} or {score: NaN}.
  function side(payload, name, weights, p) {
    var spec = payload.sides[name];
    var out = { score: NaN, contributions: {}, error: "" };
    if (!spec) return out;
    var ids = spec.dimensions;
    var byId = {};
    payload.dimensions.forEach(function (d) { byId[d.id] = d; });
    var present = [], wsum = 0;
    ids.forEach(function (id) {
      var x = byId[id].scores[p];
      if (isNum(x)) {
        present.push(id);
        wsum += weights[id];
      }
    });
    if (!(wsum > 0)) return out;
    var geo = spec.aggregation === "geometric";
    var floor = spec.floor;
    if (!geo) {
      var s = 0;
      present.forEach(function (id) { s += (weights[id] / wsum) * byId[id].scores[p]; });
      out.score = s;
      present.forEach(function (id) {
        var wt = weights[id] / wsum, x = byId[id].scores[p];
        out.contributions[id] = s !== 0 ? wt * x : 0;
      });
      return out;
    }
    var lg = 0, lv = {};
    for (var k = 0; k < present.length; k++) {
      var id = present[k], x = byId[id].scores[p];
      if (isNum(floor)) {
        x = Math.max(x, floor);
      } else if (x <= 0) {
        out.error = "the " + name + " side is geometric with no floor and meets a zero score";
        return out;
      }
      lv[id] = Math.log(x);
      lg += (weights[id] / wsum) * lv[id];
    }
    out.score = Math.exp(lg);
    present.forEach(function (id) {
      var wt = weights[id] / wsum;
      var share = lg !== 0 ? (wt * lv[id]) / lg : wt;
      out.contributions[id] = out.score * share;
    });
    return out;
  }

  // The net index, both sides and the signed contribution of each dimension in period index p.
  function compute(payload, weights, p) {
    var c = side(payload, "cooperation", weights, p);
    var hasF = !!payload.sides.friction;
    var f = hasF ? side(payload, "friction", weights, p) : { score: NaN, contributions: {} };
    var b = payload.balance || [1, 1];  // the sides' multipliers (1 and 1 unless weighted)
    var net = hasF ? b[0] * c.score - b[1] * f.score : c.score;
    var contributions = {};
    payload.dimensions.forEach(function (d) {
      var v = d.side === "friction" ? f.contributions[d.id] : c.contributions[d.id];
      contributions[d.id] = isNum(net) && isNum(v)
        ? (d.side === "friction" ? -b[1] * v : (hasF ? b[0] : 1) * v) : NaN;
    });
    return {
      index: net, cooperation: c.score, friction: f.score, contributions: contributions,
      error: c.error || f.error || ""
    };
  }

  function fmt(x, signed) {
    if (!isNum(x)) return "—";
    var s = x.toFixed(3);
    if (s === "-0.000") s = "0.000";
    return signed && x >= 0 && s.charAt(0) !== "-" ? "+" + s : s;
  }

  function init() {
    var data = document.getElementById("relindex-reweight-data");
    if (!data || data.dataset.bound) return;
    data.dataset.bound = "1";
    var payload = JSON.parse(data.textContent);
    var p = payload.periods.indexOf(payload.headline_period);
    var sliders = Array.prototype.slice.call(
      document.querySelectorAll(".relindex-rw-slider"));

    function weights() {
      var w = {};
      payload.dimensions.forEach(function (d) { w[d.id] = d.weight; });
      sliders.forEach(function (s) { w[s.dataset.dimension] = parseFloat(s.value); });
      return w;
    }

    function update() {
      var w = weights();
      var r = compute(payload, w, p);
      var out = document.getElementById("relindex-rw-index");
      out.textContent = fmt(r.index, true);
      out.dataset.value = isNum(r.index) ? String(r.index) : "";
      document.getElementById("relindex-rw-cooperation").textContent = fmt(r.cooperation);
      document.getElementById("relindex-rw-friction").textContent = fmt(r.friction);
      document.getElementById("relindex-rw-error").textContent = r.error ? " (" + r.error + ")" : "";
      var totals = {};
      payload.dimensions.forEach(function (d) {
        if (isNum(d.scores[p])) totals[d.side] = (totals[d.side] || 0) + w[d.id];
      });
      payload.dimensions.forEach(function (d) {
        var row = document.querySelector('tr[data-dimension="' + CSS.escape(d.id) + '"]');
        if (!row) return;
        row.querySelector(".relindex-rw-weight").textContent = w[d.id].toFixed(2);
        var share = isNum(d.scores[p]) && totals[d.side] > 0 ? w[d.id] / totals[d.side] : NaN;
        row.querySelector(".relindex-rw-share").textContent = fmt(share);
        row.querySelector(".relindex-rw-contribution").textContent =
          fmt(r.contributions[d.id], true);
      });
    }

    sliders.forEach(function (s) { s.addEventListener("input", update); });
    var reset = document.getElementById("relindex-rw-reset");
    if (reset) {
      reset.addEventListener("click", function () {
        sliders.forEach(function (s) { s.value = s.dataset.declared; });
        update();
      });
    }
    update();
  }

  window.relindexReweight = { compute: compute, init: init };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
