// Package geom holds the planar geometry that the belief grid and the motion
// models share: points and polygons in the mission's local ENU frame (metres),
// concave-correct containment, self-intersection checks, and the distance
// queries that keep-out zones need.
//
// Vectors are gonum's r2.Vec; Point exists so that mission files can write a
// point as a two-element YAML list, [x, y], or, in a mission with a geodetic
// origin, as {lat, lon}, {geo: [lat, lon]} or a reference to a point placemark
// in a KML or GeoJSON file. Area is the matching list of points for polygon and
// polyline keys, which may instead be a list of pairs under geo: ({geo: [[lat,
// lon], ...]}) or name a shape in a file: {file: area.kml, name: "Search
// area"}. Both keep the geodetic form until resolved against a Projector (the
// mission loader does this with its origin), so the geometry here only ever sees
// local metres.
//
// Decoding errors say "line L column C": a flow-style list puts every point on
// one line, and the column lets the mission loader name the exact key path
// (map.bounds[3]).
//
// Containment comes in two flavours, because the reference model uses both:
// Polygon.Contains is the strict interior test (a point on an edge is outside),
// Polygon.ContainsInclusive counts the boundary as inside. Both are correct for
// concave polygons (crossing-number test), unlike a side-sign test.
package geom
