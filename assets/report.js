// The report form's point picker: a click anywhere on the operations map (not only on a
// marker, which is all Plotly's clickData reports) fills the form's latitude and longitude
// while the form is open. The server then chooses the nearest city.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  headsup_report: {
    armPicker: function (_figure) {
      armWhenReady(0);
      return window.dash_clientside.no_update;
    },
  },
});

function armWhenReady(attempt) {
  const gd = document.querySelector("#ops-map .js-plotly-plot");
  const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
  const map = sub && sub.map;
  if (!map) {
    // The plot is drawn after its figure arrives; try again shortly, a bounded number of times.
    if (attempt < 50) setTimeout(() => armWhenReady(attempt + 1), 200);
    return;
  }
  if (map.__headsupPicker) return; // one listener per MapLibre instance
  map.__headsupPicker = true;
  map.on("click", (e) => {
    const form = document.getElementById("ops-report");
    if (!form || !form.open) return;
    const round = (x) => String(Math.round(x * 1e5) / 1e5);
    window.dash_clientside.set_props("ops-report-lat", { value: round(e.lngLat.lat) });
    window.dash_clientside.set_props("ops-report-lon", { value: round(e.lngLat.lng) });
  });
}
