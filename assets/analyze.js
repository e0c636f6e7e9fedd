// The analyst view's browser side: refresh the table's blocks when the view changes, and
// drive playback (play/pause, speed) without a server call per frame: only the slider's
// new value goes to the server, as any slider move does.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  headsup_analyze: {
    refreshGrid: function (_rendered) {
      // The infinite row model keeps its blocks until purged; then it asks again.
      if (window.dash_ag_grid && window.dash_ag_grid.getApiAsync) {
        window.dash_ag_grid.getApiAsync("analyze-grid").then(function (api) {
          api.purgeInfiniteCache();
        }).catch(function () {});
      }
      return Date.now();
    },
    // Plotly's image button saves a chart in the browser; tell the server, which audits it.
    hookImages: function () {
      const charts = ["analyze-chart-lead", "analyze-chart-told", "analyze-chart-response",
        "analyze-chart-over-time"];
      const hook = function () {
        charts.forEach(function (chart) {
          const gd = document.querySelector("#" + chart + " .js-plotly-plot");
          if (!gd || gd._headsupHooked || !gd.on) { return; }
          gd._headsupHooked = true;
          gd.on("plotly_afterexport", function () {
            window.dash_clientside.set_props("analyze-png", {data: {chart: chart, at: Date.now()}});
          });
        });
      };
      setTimeout(hook, 500);
      return Date.now();
    },
    play: function (_clicks, paused, at, low) {
      const start = paused;  // the interval is disabled while paused
      if (start) {
        return [false, "⏸ Pause", at === null || at === undefined ? low : at];
      }
      return [true, "▶ Play", window.dash_clientside.no_update];
    },
    step: function (_n, at, low, high, speed, interval) {
      const noUpdate = window.dash_clientside.no_update;
      const from = at === null || at === undefined ? low : at;
      const next = Math.round(from + (speed || 1) * (interval || 1000) / 1000);
      if (next >= high) {
        return [high, true, "▶ Play"];
      }
      return [next, noUpdate, noUpdate];
    },
  },
});
