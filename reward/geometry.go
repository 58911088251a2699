package reward

import (
	"cmp"
	"math"
	"slices"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/motion"
)

// lens is what the swept-edge range model needs from the camera, per metre of
// height, in the camera's own frame (heading along +x, left along +y). It does
// not depend on the pose, so it is computed once.
type lens struct {
	within    bool    // the point below the camera is in view (model §3.4: cameraWithinFootprint)
	tanHalfH  float64 // tan(hfov/2): half-width per metre of height when within
	tanBottom float64 // along-track distance to the near edge per metre of height
	nearHalf  float64 // half-width of the near edge per metre of height
	tanEdge   float64 // lateral growth of the footprint's side per metre along track
}

func lensOf(c belief.Camera) lens {
	vfov, hfov := c.VFOV(), c.HFOV()
	l := lens{
		within:    !(math.Pi/2-c.Pitch > vfov/2),
		tanHalfH:  math.Tan(hfov / 2),
		tanBottom: math.Tan(math.Pi/2 - c.Pitch - vfov/2),
	}
	// The near-left and far-left image corners, q4 = (f, w/2, −h/2) and
	// q3 = (f, w/2, h/2), pitched down (model §3.4); the footprint's left
	// side is the ground trace of the plane through both rays.
	f, w, h := c.FocalLength, c.SensorWidth/2, c.SensorHeight/2
	sp, cp := math.Sincos(c.Pitch)
	near := r3.Vec{X: cp*f - sp*h, Y: w, Z: -sp*f - cp*h}
	far := r3.Vec{X: cp*f + sp*h, Y: w, Z: -sp*f + cp*h}
	if near.Z < 0 {
		l.nearHalf = w / -near.Z
		// Direction of the side line on the ground: far − near when both reach
		// the ground, otherwise the horizontal direction within the face.
		dir := r3.Sub(r3.Scale(1/-far.Z, far), r3.Scale(1/-near.Z, near))
		if !(far.Z < 0) {
			dir = r3.Sub(far, r3.Scale(far.Z/near.Z, near))
		}
		if dir.X != 0 {
			l.tanEdge = dir.Y / dir.X
		}
	}
	return l
}

// sweep is the geometry of one straight part of an edge (model §3.6): the
// swept footprint and the frame in which cell ranges are estimated.
type sweep struct {
	start, end motion.Pose
	u          r2.Vec  // unit along-track direction (the start heading)
	m0         r2.Vec  // the start footprint's near-edge midpoint
	length     float64 // from m0 to the end footprint's far-edge midpoint
	uEnd       r2.Vec  // unit direction of the end pose's own heading
	nearEnd    float64 // along-track offset of the end footprint's near edge from the end pose
	nodeZ      float64 // height of the node, for the near-edge half-width
}

func unit(a float64) r2.Vec {
	s, c := math.Sincos(a)
	return r2.Vec{X: c, Y: s}
}

// extent is the smallest and largest offset of poly's vertices from o along u.
func extent(poly []r2.Vec, o, u r2.Vec) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range poly {
		s := r2.Dot(r2.Sub(p, o), u)
		lo, hi = math.Min(lo, s), math.Max(hi, s)
	}
	return lo, hi
}

// rangeTo is the slant range from a pose to the ground point c.
func rangeTo(c r2.Vec, p r3.Vec) float64 {
	dx, dy := c.X-p.X, c.Y-p.Y
	return math.Sqrt(dx*dx + dy*dy + p.Z*p.Z)
}

// beyondEnd reports whether the ground point c lies past the near edge of
// the footprint at the end pose, where the end pose itself sees it.
func (s *sweep) beyondEnd(c r2.Vec) bool {
	return r2.Dot(r2.Sub(c, r2.Vec{X: s.end.X, Y: s.end.Y}), s.uEnd) > s.nearEnd
}

// sweptRange estimates the slant range at which the camera first sees the
// cell with lower-left corner c while flying the straight: from the point of
// the straight where the footprint's near edge (or its slanted side) reaches
// the cell (model §3.6). Unlike the reference, the height goes from the
// start's at the start of the sweep to the end's at its end.
func (s *sweep) sweptRange(l *lens, c r2.Vec) float64 {
	e := s.end.Vec
	d := r2.Sub(c, s.m0)
	along := r2.Dot(d, s.u)
	perp := r2.Sub(d, r2.Scale(along, s.u))
	dPerp := math.Sqrt(r2.Dot(perp, perp))
	frac := 0.0
	if s.length > 0 {
		frac = math.Min(1, math.Abs(along)/s.length)
	}
	h := s.start.Z + (e.Z-s.start.Z)*frac
	var half, off float64
	if l.within {
		half = h * l.tanHalfH
	} else {
		half, off = s.nodeZ*l.nearHalf, h*l.tanBottom
	}
	// Side edges parallel to the track (nadir) never sweep a cell outside the
	// near edge's width; the reference divides by zero there.
	if dPerp > half && l.tanEdge > 0 {
		off += (dPerp - half) / l.tanEdge
	}
	return math.Sqrt(dPerp*dPerp + off*off + h*h)
}

// convexHull writes the convex hull of the points of a and b to dst[:0],
// counter-clockwise without collinear vertices, using tmp as scratch, and
// returns both buffers for reuse.
func convexHull(dst, tmp, a, b []r2.Vec) (hull, scratch []r2.Vec) {
	tmp = append(append(tmp[:0], a...), b...)
	slices.SortFunc(tmp, func(p, q r2.Vec) int {
		if c := cmp.Compare(p.X, q.X); c != 0 {
			return c
		}
		return cmp.Compare(p.Y, q.Y)
	})
	dst = dst[:0]
	turn := func(o, p, q r2.Vec) float64 { return r2.Cross(r2.Sub(p, o), r2.Sub(q, o)) }
	for _, p := range tmp {
		for len(dst) >= 2 && turn(dst[len(dst)-2], dst[len(dst)-1], p) <= 0 {
			dst = dst[:len(dst)-1]
		}
		dst = append(dst, p)
	}
	lower := len(dst) + 1
	for k := len(tmp) - 2; k >= 0; k-- {
		p := tmp[k]
		for len(dst) >= lower && turn(dst[len(dst)-2], dst[len(dst)-1], p) <= 0 {
			dst = dst[:len(dst)-1]
		}
		dst = append(dst, p)
	}
	if len(dst) > 1 {
		dst = dst[:len(dst)-1]
	}
	return dst, tmp
}
