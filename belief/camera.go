package belief

import (
	"math"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"
)

// maxArcStep is the largest angle between consecutive vertices that Footprint
// places on the range circle. The polygon is inscribed in the circle, so every
// vertex stays within MaxRange; 5° keeps the lost sliver under 0.4 % of the
// radius.
const maxArcStep = math.Pi / 36

// Camera is a pinhole camera rigidly mounted on the vehicle, looking forward
// and down (model §3.4).
type Camera struct {
	FocalLength, SensorWidth, SensorHeight float64 // same units
	Pitch                                  float64 // radians below the horizon of the optical axis; π/2 = nadir
	MaxRange                               float64 // the largest max_range of all sensor models; the footprint is clipped to it
}

// HFOV is the horizontal field of view in radians.
func (c Camera) HFOV() float64 { return 2 * math.Atan(c.SensorWidth/(2*c.FocalLength)) }

// VFOV is the vertical field of view in radians.
func (c Camera) VFOV() float64 { return 2 * math.Atan(c.SensorHeight/(2*c.FocalLength)) }

// Footprint appends the ground polygon seen from pos with heading yaw (roll 0)
// to dst[:0] and returns it. 4-point case order: near-right, far-right,
// far-left, near-left (model §3.4).
//
// The polygon is what the camera sees on the ground plane z = 0 within
// MaxRange of pos: the projection of the image corners, clipped to the circle
// where the range sphere meets the ground. When every corner ray reaches the
// ground within range (all shipped configurations) it is exactly the reference
// trapezoid. Otherwise the part beyond the range is cut away along the circle
// (vertices on it, at most 5° apart), so the polygon has more than 4
// vertices; it is always convex and counter-clockwise. It is empty when the
// camera is not above the ground or nothing within range is in view. A
// MaxRange ≤ 0 or +Inf disables the clipping; the footprint is then empty when
// a corner ray misses the ground.
func (c Camera) Footprint(dst []r2.Vec, pos r3.Vec, yaw float64) []r2.Vec {
	return c.FootprintWithAttitude(dst, pos, 0, 0, yaw)
}

// FootprintWithAttitude is Footprint for a vehicle with a roll, a body pitch
// and a yaw, in radians. Body pitch follows the camera's convention: positive
// tilts the nose, and so the optical axis, further down (it is added to Pitch,
// as the reference's flight loop does, model §3.7). The flight loop and the
// simulator use it with the measured attitude.
func (c Camera) FootprintWithAttitude(dst []r2.Vec, pos r3.Vec, roll, pitch, yaw float64) []r2.Vec {
	dst = dst[:0]
	if !(pos.Z > 0) {
		return dst
	}
	clip := c.MaxRange > 0 && !math.IsInf(c.MaxRange, 1)
	if clip && c.MaxRange <= pos.Z {
		return dst
	}
	rays := c.rays(roll, c.Pitch+pitch, yaw)

	// The cone's trace on the ground: corners whose rays point down, and, next
	// to a ray that points at or above the horizon, a far point along the
	// unbounded side of that face, far enough to lie outside the range circle.
	var buf [8]r2.Vec
	poly := buf[:0]
	far := 8 * math.Max(c.MaxRange, pos.Z)
	ground := func(d r3.Vec) r2.Vec {
		s := pos.Z / -d.Z
		return r2.Vec{X: pos.X + s*d.X, Y: pos.Y + s*d.Y}
	}
	sideward := func(g r2.Vec, down, up r3.Vec) r2.Vec {
		w := r3.Sub(up, r3.Scale(up.Z/down.Z, down))
		n := math.Hypot(w.X, w.Y)
		return r2.Vec{X: g.X + far*w.X/n, Y: g.Y + far*w.Y/n}
	}
	for k := range 4 {
		a, b := rays[k], rays[(k+1)%4]
		if a.Z < 0 {
			poly = append(poly, ground(a))
		}
		switch {
		case !clip && !(a.Z < 0):
			return dst
		case a.Z < 0 && !(b.Z < 0):
			poly = append(poly, sideward(ground(a), a, b))
		case !(a.Z < 0) && b.Z < 0:
			poly = append(poly, sideward(ground(b), b, a))
		}
	}
	if len(poly) < 3 {
		return dst
	}
	if !clip {
		return append(dst, poly...)
	}
	rho := math.Sqrt(c.MaxRange*c.MaxRange - pos.Z*pos.Z)
	return clipToDisc(dst, poly, r2.Vec{X: pos.X, Y: pos.Y}, rho)
}

// rays returns the image-corner directions q1..q4 of model §3.4 rotated by
// Rz(yaw)·Ry(pitch)·Rx(roll), in that order.
func (c Camera) rays(roll, pitch, yaw float64) [4]r3.Vec {
	f, w, h := c.FocalLength, c.SensorWidth/2, c.SensorHeight/2
	q := [4]r3.Vec{{X: f, Y: -w, Z: -h}, {X: f, Y: -w, Z: h}, {X: f, Y: w, Z: h}, {X: f, Y: w, Z: -h}}
	sr, cr := math.Sincos(roll)
	sp, cp := math.Sincos(pitch)
	sy, cy := math.Sincos(yaw)
	for k, v := range q {
		// Rx(roll)
		y1 := cr*v.Y - sr*v.Z
		z1 := sr*v.Y + cr*v.Z
		// Ry(pitch): a positive pitch tilts +x downward.
		x2 := cp*v.X + sp*z1
		z2 := -sp*v.X + cp*z1
		// Rz(yaw)
		q[k] = r3.Vec{X: cy*x2 - sy*y1, Y: sy*x2 + cy*y1, Z: z2}
	}
	return q
}

// clipToDisc appends to dst the convex polygon poly intersected with the disc
// of radius rho around c: vertices inside the disc are kept, edges are cut
// where they cross the circle, and the circle is followed (in poly's
// orientation) from each exit to the next entry.
func clipToDisc(dst, poly []r2.Vec, c r2.Vec, rho float64) []r2.Vec {
	r2rho := rho * rho
	ccw := signedArea(poly) >= 0
	var (
		pending    bool // left the disc and not yet re-entered
		exitAng    float64
		firstEntry = math.NaN()
	)
	n := len(poly)
	for k := range n {
		a, b := poly[k], poly[(k+1)%n]
		if r2.Norm2(r2.Sub(a, c)) < r2rho {
			dst = append(dst, a)
		}
		d, e := r2.Sub(b, a), r2.Sub(a, c)
		qa, qb, qc := r2.Dot(d, d), 2*r2.Dot(d, e), r2.Dot(e, e)-r2rho
		disc := qb*qb - 4*qa*qc
		if qa == 0 || !(disc > 0) {
			continue
		}
		// The cancellation-free form of the quadratic's roots: far points make
		// the edges long, and the textbook form loses the crossing's digits.
		q := -(qb + math.Copysign(math.Sqrt(disc), qb)) / 2
		t1, t2 := q/qa, qc/q
		if t1 > t2 {
			t1, t2 = t2, t1
		}
		if t1 >= 0 && t1 < 1 {
			p := onCircle(r2.Add(a, r2.Scale(t1, d)), c, rho)
			ang := math.Atan2(p.Y-c.Y, p.X-c.X)
			if pending {
				dst = appendArc(dst, c, rho, exitAng, ang, ccw)
				pending = false
			} else if math.IsNaN(firstEntry) {
				firstEntry = ang
			}
			dst = append(dst, p)
		}
		if t2 > 0 && t2 <= 1 {
			p := onCircle(r2.Add(a, r2.Scale(t2, d)), c, rho)
			dst = append(dst, p)
			exitAng, pending = math.Atan2(p.Y-c.Y, p.X-c.X), true
		}
	}
	if pending && !math.IsNaN(firstEntry) {
		dst = appendArc(dst, c, rho, exitAng, firstEntry, ccw)
	}
	if len(dst) == 0 && convexContains(poly, c) {
		// The whole range circle is in view.
		m := int(math.Ceil(2 * math.Pi / maxArcStep))
		for k := range m {
			s, co := math.Sincos(2 * math.Pi * float64(k) / float64(m))
			dst = append(dst, r2.Vec{X: c.X + rho*co, Y: c.Y + rho*s})
		}
	}
	return dst
}

// onCircle moves p, a computed crossing of the circle (c, rho), radially onto
// it, so that rounding cannot put a vertex beyond the range.
func onCircle(p, c r2.Vec, rho float64) r2.Vec {
	d := r2.Sub(p, c)
	return r2.Add(c, r2.Scale(rho/r2.Norm(d), d))
}

// appendArc appends the points strictly between angles from and to on the
// circle (c, rho), walking counter-clockwise when ccw is set.
func appendArc(dst []r2.Vec, c r2.Vec, rho, from, to float64, ccw bool) []r2.Vec {
	sweep := math.Mod(to-from, 2*math.Pi)
	if ccw && sweep < 0 {
		sweep += 2 * math.Pi
	}
	if !ccw && sweep > 0 {
		sweep -= 2 * math.Pi
	}
	// At least the midpoint, so that a sliver cut off by the circle is still
	// a polygon.
	m := max(2, int(math.Ceil(math.Abs(sweep)/maxArcStep)))
	for k := 1; k < m; k++ {
		s, co := math.Sincos(from + sweep*float64(k)/float64(m))
		dst = append(dst, r2.Vec{X: c.X + rho*co, Y: c.Y + rho*s})
	}
	return dst
}

func signedArea(poly []r2.Vec) float64 {
	s := 0.0
	for k := range poly {
		s += r2.Cross(poly[k], poly[(k+1)%len(poly)])
	}
	return s / 2
}

// convexContains is the reference's side-sign test: p is inside the convex
// polygon poly (either orientation), boundary inclusive, when it is on the
// same side of every edge.
func convexContains(poly []r2.Vec, p r2.Vec) bool {
	var pos, neg bool
	n := len(poly)
	for k := range n {
		a, b := poly[k], poly[(k+1)%n]
		s := (p.Y-a.Y)*(b.X-a.X) - (p.X-a.X)*(b.Y-a.Y)
		pos = pos || s > 0
		neg = neg || s < 0
		if pos && neg {
			return false
		}
	}
	return true
}
