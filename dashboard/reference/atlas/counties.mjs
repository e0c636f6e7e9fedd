// Build a GeoJSON FeatureCollection of US county outlines from npm us-atlas@3.0.1.
// Usage (in a scratch directory with us-atlas@3.0.1 and topojson-client@3.1.0 installed):
//   node counties.mjs OUT.geojson [FIPS ...]     (no FIPS: every county, ~3,200)
import { readFileSync, writeFileSync } from "node:fs";
import { feature } from "topojson-client";

const STATES = {
  "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT",
  "10": "DE", "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL",
  "18": "IN", "19": "IA", "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD",
  "25": "MA", "26": "MI", "27": "MN", "28": "MS", "29": "MO", "30": "MT", "31": "NE",
  "32": "NV", "33": "NH", "34": "NJ", "35": "NM", "36": "NY", "37": "NC", "38": "ND",
  "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI", "45": "SC", "46": "SD",
  "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA", "54": "WV",
  "55": "WI", "56": "WY", "60": "AS", "66": "GU", "69": "MP", "72": "PR", "78": "VI",
};
const [out, ...wanted] = process.argv.slice(2);
const topo = JSON.parse(readFileSync("node_modules/us-atlas/counties-10m.json", "utf8"));
const round = (c) => (typeof c[0] === "number" ? c.map((v) => Number(v.toFixed(5))) : c.map(round));
const features = feature(topo, topo.objects.counties).features
  .filter((f) => wanted.length === 0 || wanted.includes(f.id))
  .map((f) => ({
    type: "Feature",
    id: f.id,
    properties: { fips: f.id, name: f.properties.name, state: STATES[f.id.slice(0, 2)] ?? "" },
    geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
  }));
writeFileSync(out, JSON.stringify({ type: "FeatureCollection", features }) + "\n");
console.log(`${features.length} counties written to ${out}`);
