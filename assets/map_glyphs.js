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
