package motion

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/geom"
)

// CircleZone is a circular keep-out zone, written
// {center: [x, y], radius: r} in a mission file.
type CircleZone struct {
	Center geom.Point `yaml:"center"`
	Radius float64    `yaml:"radius"`
}

// KeepOut is one entry of the mission's `keep_out:` list: exactly one of a
// circle or a polygon (concave allowed) that the vehicle must not enter.
type KeepOut struct {
	Circle  *CircleZone `yaml:"circle"`
	Polygon geom.Area   `yaml:"polygon"`
}

// ValidateKeepOuts reports the first malformed zone, naming its key path
// (for example "keep_out[2].circle.radius: must be > 0, got -1").
func ValidateKeepOuts(zones []KeepOut) error {
	for i, z := range zones {
		key := fmt.Sprintf("keep_out[%d]", i)
		switch {
		case z.Circle != nil && z.Polygon != nil:
			return fmt.Errorf("%s: give either circle or polygon, not both", key)
		case z.Circle != nil:
			c := z.Circle
			if !finite(c.Center.X) || !finite(c.Center.Y) {
				return fmt.Errorf("%s.circle.center: must be finite, got [%v, %v]", key, c.Center.X, c.Center.Y)
			}
			if err := positive(key+".circle.radius", c.Radius); err != nil {
				return err
			}
		case z.Polygon != nil:
			if err := geom.PolygonOf(z.Polygon).Validate(); err != nil {
				return fmt.Errorf("%s.polygon: %w", key, err)
			}
		default:
			return fmt.Errorf("%s: needs a circle or a polygon", key)
		}
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Validator says whether poses and paths stay out of the keep-out zones and,
// when asked, inside the search bounds. It is read-only once built, so safe
// for concurrent use. A nil *Validator accepts everything.
//
// Boundaries: a pose on a keep-out circle's rim is allowed (the reference
// rejects only dist < radius); a keep-out polygon includes its edges; the
// bounds polygon excludes its edges (a pose must be strictly inside).
type Validator struct {
	circles []geom.Circle
	polys   []zone
	bounds  zone
	stay    bool
}

// zone is a polygon with its bounding box, for a cheap reject.
type zone struct {
	poly geom.Polygon
	box  r2.Box
}

// NewValidator builds a validator for the keep-out zones and, when
// stayInBounds is true, the bounds polygon (ignored otherwise).
func NewValidator(zones []KeepOut, bounds geom.Polygon, stayInBounds bool) (*Validator, error) {
	if err := ValidateKeepOuts(zones); err != nil {
		return nil, err
	}
	v := &Validator{stay: stayInBounds}
	for _, z := range zones {
		if z.Circle != nil {
			v.circles = append(v.circles, geom.Circle{Center: z.Circle.Center.Vec(), Radius: z.Circle.Radius})
			continue
		}
		poly := geom.PolygonOf(z.Polygon)
		v.polys = append(v.polys, zone{poly: poly, box: poly.Bounds()})
	}
	if stayInBounds {
		if bounds == nil {
			return nil, errors.New("stay_in_bounds: needs map.bounds")
		}
		if err := bounds.Validate(); err != nil {
			return nil, fmt.Errorf("stay_in_bounds: map.bounds: %w", err)
		}
		v.bounds = zone{poly: bounds, box: bounds.Bounds()}
	}
	return v, nil
}

// StateValid reports whether the pose's horizontal position is outside every
// keep-out zone and, with stay-in-bounds, strictly inside the bounds.
func (v *Validator) StateValid(p Pose) bool {
	if v == nil {
		return true
	}
	q := r2.Vec{X: p.X, Y: p.Y}
	for _, c := range v.circles {
		if c.Contains(q) {
			return false
		}
	}
	for _, z := range v.polys {
		if inBox(z.box, q, 0) && z.poly.ContainsInclusive(q) {
			return false
		}
	}
	return !v.stay || v.bounds.poly.Contains(q)
}

// FirstInvalid returns the index of the first state i ≥ 1 such that the
// continuous path from States[i-1] to States[i] touches a keep-out zone or
// leaves the bounds, and len(States) when the whole path is valid. The start
// state itself is not checked: it is where the vehicle already is.
//
// Between two states of a steered path the vehicle flies a straight (equal
// headings) or a curve of known length ℓ = Dist[i]−Dist[i-1]. Any curve of
// horizontal length ℓh joining points a chord c apart lies inside the
// ellipse with those foci and major axis ℓh; the check tests the zones
// against an octagon drawn around that ellipse. This needs no knowledge of
// the model (Dubins arcs and trochoids alike) and is never too small, so a
// curve that clips a zone between two states is always caught. It is a
// little too large: for a 40 m step on a 100 m radius the ellipse reaches
// 2.3 m from the chord against a true sagitta of 2.0 m, the octagon 2.5 m,
// so a curve passing within about half a metre of a zone may be rejected.
//
// Most paths pass far from every zone: the whole path is first tested against
// each zone's bounding box (keep-outs) or edges (bounds), and a zone that no
// piece can reach is not tested piece by piece. The answer is the same.
func (v *Validator) FirstInvalid(p *Path) int {
	if v == nil || len(p.States) < 2 {
		return len(p.States)
	}
	near := v.nearZones(p)
	if near == (reach{}) {
		return len(p.States)
	}
	for i := 1; i < len(p.States); i++ {
		if !v.pieceValid(p.States[i-1], p.States[i], p.Dist[i]-p.Dist[i-1], near) {
			return i
		}
	}
	return len(p.States)
}

// reach says which kinds of zone some piece of a path may touch.
type reach struct{ circles, polys, bounds bool }

// bigPiece is the piece length above which squares in pieceValid could
// overflow; the whole-path tests then stand aside.
const bigPiece = 1e100

// nearZones reports which kinds of zone the path p may touch, testing the
// box of its states grown by the most any piece bulges away from its chord;
// all of them when that bulge or the box is not finite and small enough.
//
// A piece of length l bulges at most r ≤ 0.51·l (pieceValid's r, rounding
// included), so growing by the longest l covers every piece. Keep-out
// polygons are then skipped exactly when pieceValid's own box test would skip
// them for every piece (the same comparisons, monotone in the box and r). A
// circle, or the bounds, is skipped only when its distance from the grown box
// exceeds a margin a million times any rounding in pieceValid's distances, so
// pieceValid would not have found it nearer than r either; the bounds also
// need the start inside, and then, no edge being near, so is every state.
func (v *Validator) nearZones(p *Path) (near reach) {
	lo := r2.Vec{X: p.States[0].X, Y: p.States[0].Y}
	hi := lo
	lmax := 0.0
	sum := lo.X + lo.Y // not finite when a coordinate or a length is not
	for i := 1; i < len(p.States); i++ {
		x, y := p.States[i].X, p.States[i].Y
		if x < lo.X {
			lo.X = x
		} else if x > hi.X {
			hi.X = x
		}
		if y < lo.Y {
			lo.Y = y
		} else if y > hi.Y {
			hi.Y = y
		}
		l := math.Abs(p.Dist[i] - p.Dist[i-1])
		if l > lmax {
			lmax = l
		}
		sum += x + y + l
	}
	if !finite(sum) || lmax > bigPiece {
		return reach{circles: true, polys: true, bounds: v.stay}
	}
	r := lmax
	scale := math.Max(math.Max(math.Abs(lo.X), math.Abs(lo.Y)), math.Max(math.Abs(hi.X), math.Abs(hi.Y))) + r
	for _, c := range v.circles {
		m := 1e-6 * (1 + scale + math.Abs(c.Center.X) + math.Abs(c.Center.Y) + c.Radius)
		if inBox(r2.Box{Min: lo, Max: hi}, c.Center, c.Radius+r+m) {
			near.circles = true
			break
		}
	}
	for _, z := range v.polys {
		if boxesMeet(z.box, lo, hi, r) {
			near.polys = true
			break
		}
	}
	if v.stay {
		bp := v.bounds.poly
		b := v.bounds.box
		m := 1e-6 * (1 + scale + math.Max(math.Max(math.Abs(b.Min.X), math.Abs(b.Min.Y)), math.Max(math.Abs(b.Max.X), math.Abs(b.Max.Y))))
		box := r2.Box{Min: lo, Max: hi}
		for i := 0; i < len(bp) && !near.bounds; i++ {
			near.bounds = boxesMeet(box, bp[i], bp[(i+1)%len(bp)], r+m)
		}
		if !near.bounds && !bp.Contains(r2.Vec{X: p.States[0].X, Y: p.States[0].Y}) {
			near.bounds = true
		}
	}
	return near
}

// pieceValid checks the motion from a to b of 3D length l against the kinds
// of zone in near. The chord and its capsule (the chord grown by the
// ellipse's semi-minor axis) are cheap first tests; only a zone the capsule
// touches is tested against the tighter octagon around the ellipse.
func (v *Validator) pieceValid(a, b Pose, l float64, near reach) bool {
	pa, pb := r2.Vec{X: a.X, Y: a.Y}, r2.Vec{X: b.X, Y: b.Y}
	r, lh := 0.0, 0.0
	if AngleDiff(a.Heading, b.Heading) > turnTol {
		dz := b.Z - a.Z
		// The margin covers the rounding of Dist (Simpson's rule for trochoids).
		lh = math.Sqrt(math.Max(0, l*l-dz*dz)) * (1 + 1e-6)
		r = 0.5 * math.Sqrt(math.Max(0, lh*lh-r2.Norm2(r2.Sub(pb, pa))))
	}
	for i := 0; near.circles && i < len(v.circles); i++ {
		c := v.circles[i]
		d := geom.SegmentDistance(c.Center, pa, pb)
		if d < c.Radius || d < c.Radius+r && newLens(pa, pb, lh).meetsCircle(c) {
			return false
		}
	}
	for i := 0; near.polys && i < len(v.polys); i++ {
		z := &v.polys[i]
		if !boxesMeet(z.box, pa, pb, r) {
			continue
		}
		if z.poly.ContainsInclusive(pa) || z.poly.ContainsInclusive(pb) || z.poly.SegmentCrossesBoundary(pa, pb) {
			return false
		}
		if r > 0 && nearBoundary(z.poly, pa, pb, r) && newLens(pa, pb, lh).meetsPolygon(z.poly) {
			return false
		}
	}
	if near.bounds {
		bp := v.bounds.poly
		if !bp.Contains(pa) || !bp.Contains(pb) || bp.SegmentCrossesBoundary(pa, pb) {
			return false
		}
		if r > 0 && nearBoundary(bp, pa, pb, r) && newLens(pa, pb, lh).meetsPolygon(bp) {
			return false
		}
	}
	return true
}

// lens is a convex octagon around the ellipse with foci at the ends of a
// piece and major axis its horizontal length: every curve of that length
// between those ends lies inside it. Circumscribing costs a factor
// 1/cos(π/8) ≈ 1.08 on the ellipse's size, and unlike the capsule the
// octagon narrows toward the ends, where the curve meets its chord.
type lens [8]r2.Vec

// octagon holds cos and sin of (k+½)·π/4 divided by cos(π/8): the vertices
// of the octagon circumscribing the unit circle.
var octagon = func() (o [8][2]float64) {
	for k := range o {
		a := (float64(k) + 0.5) * math.Pi / 4
		o[k] = [2]float64{math.Cos(a) / math.Cos(math.Pi/8), math.Sin(a) / math.Cos(math.Pi/8)}
	}
	return o
}()

func newLens(pa, pb r2.Vec, lh float64) lens {
	mid := r2.Scale(0.5, r2.Add(pa, pb))
	d := r2.Sub(pb, pa)
	c := r2.Norm(d)
	ex := r2.Vec{X: 1}
	if c > 0 {
		ex = r2.Scale(1/c, d)
	}
	ey := r2.Vec{X: -ex.Y, Y: ex.X}
	ax := lh / 2
	by := math.Sqrt(math.Max(0, ax*ax-c*c/4))
	var o lens
	for k, u := range octagon {
		o[k] = r2.Add(mid, r2.Add(r2.Scale(ax*u[0], ex), r2.Scale(by*u[1], ey)))
	}
	return o
}

// contains reports whether p lies in the octagon or on its boundary.
func (o lens) contains(p r2.Vec) bool {
	for k := range o {
		a, b := o[k], o[(k+1)%len(o)]
		if r2.Cross(r2.Sub(b, a), r2.Sub(p, a)) < 0 {
			return false
		}
	}
	return true
}

func (o lens) meetsCircle(c geom.Circle) bool {
	if o.contains(c.Center) {
		return true
	}
	for k := range o {
		if geom.SegmentDistance(c.Center, o[k], o[(k+1)%len(o)]) < c.Radius {
			return true
		}
	}
	return false
}

// meetsPolygon reports whether the octagon touches poly's boundary or holds
// all of poly; a poly holding all of the octagon is caught by the caller's
// chord test.
func (o lens) meetsPolygon(poly geom.Polygon) bool {
	if o.contains(poly[0]) {
		return true
	}
	for k := range o {
		if poly.SegmentCrossesBoundary(o[k], o[(k+1)%len(o)]) {
			return true
		}
	}
	return false
}

// inBox reports whether q lies in box b grown by r.
func inBox(b r2.Box, q r2.Vec, r float64) bool {
	return q.X >= b.Min.X-r && q.X <= b.Max.X+r && q.Y >= b.Min.Y-r && q.Y <= b.Max.Y+r
}

// boxesMeet reports whether the box of segment ab grown by r meets box b.
func boxesMeet(b r2.Box, pa, pb r2.Vec, r float64) bool {
	return math.Min(pa.X, pb.X)-r <= b.Max.X && math.Max(pa.X, pb.X)+r >= b.Min.X &&
		math.Min(pa.Y, pb.Y)-r <= b.Max.Y && math.Max(pa.Y, pb.Y)+r >= b.Min.Y
}

// nearBoundary reports whether some edge of poly passes within r of the
// segment ab (which is known not to cross it).
func nearBoundary(poly geom.Polygon, a, b r2.Vec, r float64) bool {
	n := len(poly)
	for i := range n {
		if segmentsDistance(a, b, poly[i], poly[(i+1)%n]) < r {
			return true
		}
	}
	return false
}

// segmentsDistance is the shortest distance between the closed segments
// p1p2 and q1q2.
func segmentsDistance(p1, p2, q1, q2 r2.Vec) float64 {
	if geom.SegmentsIntersect(p1, p2, q1, q2) {
		return 0
	}
	return math.Min(
		math.Min(geom.SegmentDistance(p1, q1, q2), geom.SegmentDistance(p2, q1, q2)),
		math.Min(geom.SegmentDistance(q1, p1, p2), geom.SegmentDistance(q2, p1, p2)))
}
