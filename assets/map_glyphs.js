// Show the clustered kinds' glyphs (PR) only once the map is zoomed past clustering:
// MapLibre cannot draw text on clustered traces, and glyphs floating over clusters mislead.
// Hidden glyphs have an empty texttemplate: an invisible trace made visible later is never
// drawn, and transparent labels would still hide the cluster counts by collision.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  headsup_map: {
    glyphs: function (relayout, figure) {
      const noUpdate = window.dash_clientside.no_update;
      if (!relayout || relayout["map.zoom"] === undefined || !figure || !figure.layout) {
        return noUpdate;
      }
      const show = relayout["map.zoom"] >= (figure.layout.meta || {}).glyph_minzoom;
      // Glyphs of unclustered kinds carry no meta: they are always shown.
      const isGlyph = (t) => t.mode === "text" && typeof t.meta === "string";
      const wanted = (t) => (show ? t.meta : "");
      if (figure.data.filter(isGlyph).every((t) => t.texttemplate === wanted(t))) {
        return noUpdate;
      }
      const data = figure.data.map((t) => (isGlyph(t)
        ? Object.assign({}, t, { texttemplate: wanted(t) })
        : t));
      return Object.assign({}, figure, { data: data });
    },
  },
});

// Staging sites set apart from operations on screen. At the national view a staging site
// 19 km from an operation is one pixel from it and hides under the operation's marker, yet
// an operator must see both at first glance. So whenever the map is drawn or moved, each
// staging marker that lies within OVERLAP_PX of an operation on screen is drawn SPREAD_PX
// away from it (pointing away from it; down-right when they coincide), together with its
// ring and glyph. The offset is in pixels, so it vanishes once zooming parts the points;
// hover, click and selection keep working since they use the drawn points. The figure the
// server patches (Dash's copy) is never touched: the moved traces are copies on the plot
// alone, so every redraw from Dash starts again from the true points.
(function () {
  const OVERLAP_PX = 18;
  const SPREAD_PX = 22;
  const SAME = 1e-7;

  function trueCoords(trace) {
    return trace._headsupTrue || { lat: Array.from(trace.lat || []), lon: Array.from(trace.lon || []) };
  }

  function spread(gd) {
    const sub = gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    if (!sub || !sub.map || !gd.data) return;
    const map = sub.map;
    // Points moved while MapLibre is still loading the style are not drawn: wait for it.
    if (!map.isStyleLoaded() || !map.loaded()) throw new Error("map loading");
    const find = (name) => gd.data.findIndex((t) => t.name === name);
    const ops = find("Operation");
    const staging = find("Staging site");
    if (ops < 0 || staging < 0) return;
    const opsTrue = trueCoords(gd.data[ops]);
    const opPx = opsTrue.lat.map((lat, i) => map.project([opsTrue.lon[i], lat]));
    const moved = {};
    const st = trueCoords(gd.data[staging]);
    const ids = Array.from(gd.data[staging].customdata || []);
    ids.forEach((id, i) => {
      const p = map.project([st.lon[i], st.lat[i]]);
      let best = null;
      let bestD = OVERLAP_PX;
      opPx.forEach((q) => {
        const d = Math.hypot(p.x - q.x, p.y - q.y);
        if (d < bestD) { best = q; bestD = d; }
      });
      if (!best) return;
      let dx = p.x - best.x;
      let dy = p.y - best.y;
      const len = Math.hypot(dx, dy);
      if (len < 1) { dx = Math.SQRT1_2; dy = Math.SQRT1_2; } else { dx /= len; dy /= len; }
      const at = map.unproject([best.x + dx * SPREAD_PX, best.y + dy * SPREAD_PX]);
      moved[id] = [at.lat, at.lng];
    });
    const updates = [];
    gd.data.forEach((trace, t) => {
      const isGlyphs = trace.name === "Staging site glyphs";
      if (t !== staging && !isGlyphs && trace.name !== "Rings" && trace.name !== "Ringed") return;
      const base = trueCoords(trace);
      const keys = isGlyphs ? ids : Array.from(trace.customdata || []);
      const lat = base.lat.map((v, i) => (moved[keys[i]] ? moved[keys[i]][0] : v));
      const lon = base.lon.map((v, i) => (moved[keys[i]] ? moved[keys[i]][1] : v));
      const now = { lat: Array.from(trace.lat || []), lon: Array.from(trace.lon || []) };
      const same = lat.every((v, i) => Math.abs(v - now.lat[i]) < SAME) &&
        lon.every((v, i) => Math.abs(v - now.lon[i]) < SAME);
      if (!same) updates.push([t, lat, lon, base]);
    });
    if (updates.length) {
      const data = gd.data.slice();
      updates.forEach((u) => {
        data[u[0]] = Object.assign({}, gd.data[u[0]], { lat: u[1], lon: u[2], _headsupTrue: u[3] });
      });
      window.Plotly.react(gd, data, gd.layout);
    }
  }

  // Plotly does not always announce a redraw (a react from Dash may come without
  // plotly_afterplot), so the hook also looks every 300 ms whether the data or the view
  // changed since the last spread; unchanged, it costs two comparisons.
  function stamp(gd) {
    const v = gd._fullLayout.map;
    return [v.zoom, v.center.lat, v.center.lon].join();
  }

  function hook() {
    document.querySelectorAll(".js-plotly-plot").forEach((gd) => {
      if (!gd.on || !gd._fullLayout || !gd._fullLayout.map) return;
      if (!gd._headsupSpread) {
        gd._headsupSpread = true;
        gd.on("plotly_afterplot", () => run(gd));
        gd.on("plotly_relayout", () => run(gd));
      }
      if (gd.data !== gd._headsupData || stamp(gd) !== gd._headsupView) run(gd);
    });
  }

  function run(gd) {
    try {
      spread(gd);
      gd._headsupData = gd.data;
      gd._headsupView = stamp(gd);
    } catch (_e) { /* the map is still loading: the next look retries */ }
  }

  setInterval(hook, 300);
}());
