// The report form's point picker. A click anywhere on the operations map (not only on a
// marker, which is all Plotly's clickData reports) fills the form's latitude and longitude
// while the form is open; the server then chooses the nearest city. The listener sits on
// the document, so it survives Plotly replacing the map when the figure changes.
(function () {
  let downAt = null;
  document.addEventListener("mousedown", (e) => { downAt = [e.clientX, e.clientY]; }, true);
  document.addEventListener("click", (e) => {
    const form = document.getElementById("ops-report");
    const box = e.target.closest && e.target.closest("#ops-map .maplibregl-canvas-container");
    if (!form || !form.open || !box || !downAt) return;
    // A drag that pans the map is not a pick.
    if (Math.hypot(e.clientX - downAt[0], e.clientY - downAt[1]) > 4) return;
    const gd = document.querySelector("#ops-map .js-plotly-plot");
    const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    if (!sub || !sub.map) return;
    const r = box.getBoundingClientRect();
    const at = sub.map.unproject([e.clientX - r.left, e.clientY - r.top]);
    const round = (x) => String(Math.round(x * 1e5) / 1e5);
    window.dash_clientside.set_props("ops-report-lat", { value: round(at.lat) });
    window.dash_clientside.set_props("ops-report-lon", { value: round(at.lng) });
    showPick(sub.map, at);
  }, true);

  // Mark the picked point so the operator sees where the report will go. Plotly may
  // rebuild the map's style on a large update; the mark then goes until the next pick.
  function showPick(map, at) {
    const data = { type: "Feature", geometry: { type: "Point", coordinates: [at.lng, at.lat] } };
    try {
      const source = map.getSource("headsup-pick");
      if (source) {
        source.setData(data);
        return;
      }
      map.addSource("headsup-pick", { type: "geojson", data: data });
      map.addLayer({
        id: "headsup-pick",
        type: "circle",
        source: "headsup-pick",
        paint: { "circle-radius": 7, "circle-color": "#1d2330", "circle-stroke-color": "#ffffff",
          "circle-stroke-width": 3 },
      });
    } catch (_e) { /* the style is being replaced; the fields are filled regardless */ }
  }
})();
