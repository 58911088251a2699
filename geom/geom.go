package geom

import (
	"errors"
	"fmt"
	"math"

	"go.yaml.in/yaml/v3"
	"gonum.org/v1/gonum/spatial/r2"
)

// Point is a planar point in the mission's local frame, written [x, y] in a
// mission file. A mission with an origin may also write it {lat, lon} or
// {geo: [lat, lon]} (WGS84 degrees) or {file: pads.kml, name: "Pad"} (a point
// placemark); such a point carries that form until Resolve (or the mission
// loader) turns it into x, y.
type Point struct {
	X, Y float64

	// lat, lon hold a geodetic point awaiting resolution; ref a file
	// reference awaiting loading. At most one is set; neither once resolved.
	lat, lon float64
	geodetic bool
	ref      *FileRef
}

// Vec returns p as a gonum vector.
func (p Point) Vec() r2.Vec { return r2.Vec{X: p.X, Y: p.Y} }

// UnmarshalYAML reads a point written [x, y], {lat, lon}, {geo: [lat, lon]}
// or {file, name}.
func (p *Point) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.MappingNode {
		if hasKey(n, "geo") {
			return p.unmarshalGeoList(n)
		}
		if hasKey(n, "file") {
			ref, err := decodeFileRef(n)
			if err != nil {
				return err
			}
			*p = Point{ref: &ref}
			return nil
		}
		return p.unmarshalGeodetic(n)
	}
	var xy []float64
	if err := n.Decode(&xy); err != nil {
		return fmt.Errorf("%s: a point is written [x, y] or {lat, lon}: %w", at(n), err)
	}
	if len(xy) != 2 {
		return fmt.Errorf("%s: a point is written [x, y], got %d numbers", at(n), len(xy))
	}
	if !finite(xy[0]) || !finite(xy[1]) {
		return fmt.Errorf("%s: point [%v, %v] is not finite", at(n), xy[0], xy[1])
	}
	*p = Point{X: xy[0], Y: xy[1]}
	return nil
}

// MarshalYAML writes a point in the form it was read: [x, y], {lat, lon} or
// the file reference.
func (p Point) MarshalYAML() (any, error) {
	switch {
	case p.ref != nil:
		return p.ref, nil
	case p.geodetic:
		return map[string]float64{"lat": p.lat, "lon": p.lon}, nil
	}
	return []float64{p.X, p.Y}, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Polygon is a simple polygon given by its vertices in order (either
// orientation); the closing edge from the last vertex back to the first is
// implicit.
type Polygon []r2.Vec

// PolygonOf converts mission-file points to a polygon.
func PolygonOf(pts []Point) Polygon {
	poly := make(Polygon, len(pts))
	for i, p := range pts {
		poly[i] = p.Vec()
	}
	return poly
}

// Validate reports why poly cannot be used as an area: fewer than 3 vertices,
// a non-finite coordinate, zero area, or crossing edges.
func (poly Polygon) Validate() error {
	if len(poly) < 3 {
		return fmt.Errorf("polygon needs at least 3 vertices, got %d", len(poly))
	}
	for i, v := range poly {
		if !finite(v.X) || !finite(v.Y) {
			return fmt.Errorf("vertex %d is not finite", i)
		}
	}
	if i, j, ok := poly.selfIntersection(); ok {
		return fmt.Errorf("polygon self-intersects: edge %d crosses edge %d", i, j)
	}
	if poly.Area() == 0 {
		return errors.New("polygon has zero area")
	}
	return nil
}

// Area is the unsigned area enclosed by poly.
func (poly Polygon) Area() float64 {
	s := 0.0
	for i := range poly {
		a, b := poly[i], poly[(i+1)%len(poly)]
		s += a.X*b.Y - b.X*a.Y
	}
	return math.Abs(s) / 2
}

// Bounds is the axis-aligned bounding box of poly.
func (poly Polygon) Bounds() r2.Box {
	if len(poly) == 0 {
		return r2.Box{}
	}
	b := r2.Box{Min: poly[0], Max: poly[0]}
	for _, v := range poly[1:] {
		b.Min.X, b.Min.Y = math.Min(b.Min.X, v.X), math.Min(b.Min.Y, v.Y)
		b.Max.X, b.Max.Y = math.Max(b.Max.X, v.X), math.Max(b.Max.Y, v.Y)
	}
	return b
}

// Contains reports whether p lies strictly inside poly; points on an edge are
// outside. Correct for concave polygons.
func (poly Polygon) Contains(p r2.Vec) bool {
	if poly.onBoundary(p) {
		return false
	}
	return poly.crossings(p)
}

// ContainsInclusive reports whether p lies inside poly or on its boundary.
func (poly Polygon) ContainsInclusive(p r2.Vec) bool {
	return poly.onBoundary(p) || poly.crossings(p)
}

// crossings is the even-odd ray-crossing test (boundary behaviour unspecified).
func (poly Polygon) crossings(p r2.Vec) bool {
	in := false
	n := len(poly)
	for i, j := 0, n-1; i < n; j, i = i, i+1 {
		a, b := poly[i], poly[j]
		if (a.Y > p.Y) != (b.Y > p.Y) {
			x := (b.X-a.X)*(p.Y-a.Y)/(b.Y-a.Y) + a.X
			if p.X < x {
				in = !in
			}
		}
	}
	return in
}

func (poly Polygon) onBoundary(p r2.Vec) bool {
	n := len(poly)
	for i := range n {
		if onSegment(poly[i], poly[(i+1)%n], p) {
			return true
		}
	}
	return false
}

// onSegment reports whether p lies on the closed segment ab (exactly, with a
// relative tolerance for the collinearity test).
func onSegment(a, b, p r2.Vec) bool {
	ab, ap := r2.Sub(b, a), r2.Sub(p, a)
	cross := r2.Cross(ab, ap)
	scale := math.Max(r2.Norm2(ab), 1)
	if math.Abs(cross) > 1e-12*scale {
		return false
	}
	return p.X >= math.Min(a.X, b.X) && p.X <= math.Max(a.X, b.X) &&
		p.Y >= math.Min(a.Y, b.Y) && p.Y <= math.Max(a.Y, b.Y)
}

// selfIntersection finds two non-adjacent edges that touch, or adjacent edges
// that overlap.
func (poly Polygon) selfIntersection() (int, int, bool) {
	n := len(poly)
	for i := range n {
		a1, a2 := poly[i], poly[(i+1)%n]
		for j := i + 1; j < n; j++ {
			b1, b2 := poly[j], poly[(j+1)%n]
			adjacent := j == i+1 || (i == 0 && j == n-1)
			if adjacent {
				// Adjacent edges share one vertex; they are bad only if they fold back onto each other.
				shared, other1, other2 := a2, a1, b2
				if i == 0 && j == n-1 {
					shared, other1, other2 = a1, a2, b1
				}
				if r2.Cross(r2.Sub(other1, shared), r2.Sub(other2, shared)) == 0 &&
					r2.Dot(r2.Sub(other1, shared), r2.Sub(other2, shared)) > 0 {
					return i, j, true
				}
				continue
			}
			if SegmentsIntersect(a1, a2, b1, b2) {
				return i, j, true
			}
		}
	}
	return 0, 0, false
}

// SegmentsIntersect reports whether the closed segments p1p2 and q1q2 share a point.
func SegmentsIntersect(p1, p2, q1, q2 r2.Vec) bool {
	d1 := orient(q1, q2, p1)
	d2 := orient(q1, q2, p2)
	d3 := orient(p1, p2, q1)
	d4 := orient(p1, p2, q2)
	if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
		return true
	}
	return (d1 == 0 && onSegment(q1, q2, p1)) || (d2 == 0 && onSegment(q1, q2, p2)) ||
		(d3 == 0 && onSegment(p1, p2, q1)) || (d4 == 0 && onSegment(p1, p2, q2))
}

func orient(a, b, c r2.Vec) float64 { return r2.Cross(r2.Sub(b, a), r2.Sub(c, a)) }

// SegmentDistance is the shortest distance from p to the closed segment ab.
func SegmentDistance(p, a, b r2.Vec) float64 {
	ab := r2.Sub(b, a)
	l2 := r2.Norm2(ab)
	if l2 == 0 {
		return r2.Norm(r2.Sub(p, a))
	}
	t := math.Max(0, math.Min(1, r2.Dot(r2.Sub(p, a), ab)/l2))
	return r2.Norm(r2.Sub(p, r2.Add(a, r2.Scale(t, ab))))
}

// SegmentCrossesBoundary reports whether the closed segment ab touches any edge of poly.
func (poly Polygon) SegmentCrossesBoundary(a, b r2.Vec) bool {
	n := len(poly)
	for i := range n {
		if SegmentsIntersect(a, b, poly[i], poly[(i+1)%n]) {
			return true
		}
	}
	return false
}

// Circle is a disc, used for keep-out zones.
type Circle struct {
	Center r2.Vec
	Radius float64
}

// Contains reports whether p lies strictly inside c.
func (c Circle) Contains(p r2.Vec) bool { return r2.Norm(r2.Sub(p, c.Center)) < c.Radius }

// SegmentEnters reports whether any point of the closed segment ab lies strictly inside c.
func (c Circle) SegmentEnters(a, b r2.Vec) bool { return SegmentDistance(c.Center, a, b) < c.Radius }
