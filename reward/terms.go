package reward

import (
	"math"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
)

// Term kinds as array indices, in the order Gain adds their contributions.
const (
	kEntropy = iota
	kDetection
	kStandoff
	kEndRegion
	kNoInfoOnTurns
	kRevisit
	numKinds
)

var kindIndex = map[string]int{
	TermEntropy: kEntropy, TermDetection: kDetection, TermStandoff: kStandoff,
	TermEndRegion: kEndRegion, TermNoInfoOnTurns: kNoInfoOnTurns, TermRevisit: kRevisit,
}

// noDetection marks a cell with no detection for revisit.
var noDetection = math.Inf(-1)

// objective is a validated Config compiled for evaluation.
type objective struct {
	terms  []Term
	idx    [numKinds]int // position in terms, -1 when absent
	weight [numKinds]float64
	decay  [numKinds]TimeDecay
	track  bool // detection or revisit: keep the miss layer

	radius   float64  // standoff
	points   []r2.Vec // standoff's fixed points
	detected bool     // standoff keeps away from detections too

	region   Region // end_region
	required bool

	revRadius, halfLife float64 // revisit
}

func compile(cfg Config) *objective {
	o := &objective{terms: append([]Term(nil), cfg.ActiveTerms()...)}
	for k := range o.idx {
		o.idx[k] = -1
	}
	for i, t := range o.terms {
		k := kindIndex[t.Kind]
		o.idx[k], o.weight[k], o.decay[k] = i, t.Weight, cfg.DecayOf(t)
		switch k {
		case kStandoff:
			o.radius, o.detected = t.Radius, t.Detected
			for _, p := range t.Points {
				o.points = append(o.points, p.Vec())
			}
		case kEndRegion:
			o.required = t.Required
			if t.Circle != nil {
				o.region.Circle = geom.Circle{Center: t.Circle.Center.Vec(), Radius: t.Circle.Radius}
			} else {
				o.region.Polygon = geom.PolygonOf(t.Polygon)
			}
		case kRevisit:
			o.revRadius, o.halfLife = t.Radius, t.HalfLife
			if o.halfLife == 0 {
				o.halfLife = DefaultRevisitHalfLife
			}
		}
	}
	o.track = o.idx[kDetection] >= 0 || o.idx[kRevisit] >= 0
	return o
}

// weightOf is the weight of kind k, 0 when absent.
func (o *objective) weightOf(k int) float64 {
	if o.idx[k] < 0 {
		return 0
	}
	return o.weight[k]
}

// turnFactor is the probability that the camera at v's pose sees the ground.
func (e *Evaluator) turnFactor(v *Visit) float64 {
	if v.Turning && e.obj.idx[kNoInfoOnTurns] >= 0 {
		return e.obj.weight[kNoInfoOnTurns]
	}
	return 1
}

// combine weighs and decays a visit's sums into the node's reward, writing
// each term's contribution to terms when it is not nil.
func (e *Evaluator) combine(s *sums, v *Visit, terms []float64) float64 {
	o := e.obj
	t := v.Time
	var c [numKinds]float64
	// The weighted, decayed value of the camera at the pose, of which the
	// banking camera loses a share.
	atPose := 0.0
	if o.idx[kEntropy] >= 0 {
		w, d := o.weight[kEntropy], o.decay[kEntropy].At(t)
		c[kEntropy] = (s.ent[0] + s.ent[1]) * w * d
		atPose += s.ent[1] * w * d
	}
	if o.idx[kDetection] >= 0 {
		w, d := o.weight[kDetection], o.decay[kDetection].At(t)
		c[kDetection] = (s.det[0] + s.det[1]) * w * d
		atPose += s.det[1] * w * d
	}
	if o.idx[kRevisit] >= 0 {
		w, d := o.weight[kRevisit], o.decay[kRevisit].At(t)
		c[kRevisit] = (s.rev[0] + s.rev[1]) * w * d
		atPose += s.rev[1] * w * d
	}
	if f := e.turnFactor(v); f != 1 {
		c[kNoInfoOnTurns] = -(1 - f) * atPose
	}
	if o.idx[kStandoff] >= 0 {
		c[kStandoff] = -o.weight[kStandoff] * o.decay[kStandoff].At(t) * e.intrusion(v)
	}
	sum := 0.0
	for k, x := range c {
		sum += x
		if terms != nil && o.idx[k] >= 0 {
			terms[o.idx[k]] = x
		}
	}
	return sum
}

// intrusion is Σ (1 − d/radius) over the standoff points that the edge of v
// comes within d < radius of. Points farther than the radius from the
// edge's bounding box cost four comparisons.
func (e *Evaluator) intrusion(v *Visit) float64 {
	if len(e.anchors) == 0 {
		return 0
	}
	r := e.obj.radius
	lo, hi := edgeBox(v)
	sum := 0.0
	for _, q := range e.anchors {
		if q.X < lo.X-r || q.X > hi.X+r || q.Y < lo.Y-r || q.Y > hi.Y+r {
			continue
		}
		if d := math.Sqrt(closest2(q, v)); d < r {
			sum += 1 - d/r
		}
	}
	return sum
}

func xy(p motion.Pose) r2.Vec { return r2.Vec{X: p.X, Y: p.Y} }

// edgeBox bounds the points closest2 measures against.
func edgeBox(v *Visit) (lo, hi r2.Vec) {
	lo, hi = xy(v.Pose), xy(v.Pose)
	grow := func(p motion.Pose) {
		lo.X, lo.Y = math.Min(lo.X, p.X), math.Min(lo.Y, p.Y)
		hi.X, hi.Y = math.Max(hi.X, p.X), math.Max(hi.Y, p.Y)
	}
	for _, p := range v.Edge {
		grow(p)
	}
	if len(v.Edge) == 0 && v.HasStraight {
		grow(v.Straight.Start)
		grow(v.Straight.End)
	}
	return lo, hi
}

// closest2 is the squared ground distance from q to the edge of v: along
// its states when it has them, else along its straight and on to its pose.
func closest2(q r2.Vec, v *Visit) float64 {
	if n := len(v.Edge); n > 0 {
		d := dist2(q, xy(v.Edge[0]), xy(v.Edge[0]))
		for i := 1; i < n; i++ {
			// Plain comparisons: the distances are never NaN, and math.Min
			// costs a third of the term on long edges.
			if x := dist2(q, xy(v.Edge[i-1]), xy(v.Edge[i])); x < d {
				d = x
			}
		}
		return d
	}
	p := xy(v.Pose)
	if !v.HasStraight {
		return dist2(q, p, p)
	}
	a, b := xy(v.Straight.Start), xy(v.Straight.End)
	return math.Min(dist2(q, a, b), dist2(q, b, p))
}

// dist2 is the squared distance from p to the segment ab.
func dist2(p, a, b r2.Vec) float64 {
	ab, ap := r2.Sub(b, a), r2.Sub(p, a)
	t := 0.0
	if l2 := r2.Dot(ab, ab); l2 > 0 {
		t = r2.Dot(ap, ab) / l2
		if t < 0 {
			t = 0
		} else if t > 1 {
			t = 1
		}
	}
	d := r2.Sub(ap, r2.Scale(t, ab))
	return r2.Dot(d, d)
}

// Terminal is what ending the path at pose, t seconds after the root, is
// worth by the end_region term: the bonus (its weight times its decay at t)
// when pose is inside the region, boundary included, else 0; ok is false
// when the term is required and pose is outside. Without an end_region term
// it is (0, true).
//
// The planner's best node is the one with the highest reward plus bonus
// among those that are ok.
func (e *Evaluator) Terminal(pose motion.Pose, t float64) (bonus float64, ok bool) {
	o := e.obj
	if o.idx[kEndRegion] < 0 {
		return 0, true
	}
	if !o.region.Contains(xy(pose)) {
		return 0, !o.required
	}
	return o.weight[kEndRegion] * o.decay[kEndRegion].At(t), true
}

// EndRegion is the end_region term's region, and whether the term is
// configured and required; ok is false without the term. A planner may
// sample inside it so that some branches end there.
func (e *Evaluator) EndRegion() (r Region, required, ok bool) {
	o := e.obj
	return o.region, o.required, o.idx[kEndRegion] >= 0
}

// Region is an area of the ground: the polygon when it has vertices, else
// the disc.
type Region struct {
	Circle  geom.Circle
	Polygon geom.Polygon
}

// Contains reports whether p is inside r, boundary included.
func (r Region) Contains(p r2.Vec) bool {
	if len(r.Polygon) > 0 {
		return r.Polygon.ContainsInclusive(p)
	}
	return r2.Norm(r2.Sub(p, r.Circle.Center)) <= r.Circle.Radius
}

// Bounds is the axis-aligned bounding box of r.
func (r Region) Bounds() r2.Box {
	if len(r.Polygon) > 0 {
		return r.Polygon.Bounds()
	}
	c, d := r.Circle.Center, r2.Vec{X: r.Circle.Radius, Y: r.Circle.Radius}
	return r2.Box{Min: r2.Sub(c, d), Max: r2.Add(c, d)}
}

// Detection is a target the vehicle has detected: where (ground point,
// local ENU metres) and when (mission time, s).
type Detection struct {
	Pos  r2.Vec
	Time float64
}

// SetDetections gives e the mission time of the tree root (now, s) and the
// detections so far, for the terms that use them: standoff with
// detected: true keeps away from each Pos; revisit values re-observing the
// cells within its radius of each (the cell holding Pos at least), halved
// every half_life seconds between the detection's time and the mission
// time of the observation, now + Visit.Time. Without revisit or a standoff
// on detections it only records now.
//
// It copies what it needs, allocating; clones made before the call keep the
// previous detections, so set them on every clone (each planner worker).
// Node rewards computed before the call are stale after it.
func (e *Evaluator) SetDetections(now float64, ds []Detection) {
	o := e.obj
	e.now = now
	e.anchors = o.points
	e.caps.built = false
	if o.idx[kStandoff] >= 0 && o.detected && len(ds) > 0 {
		e.anchors = make([]r2.Vec, 0, len(o.points)+len(ds))
		e.anchors = append(e.anchors, o.points...)
		for _, d := range ds {
			e.anchors = append(e.anchors, d.Pos)
		}
	}
	e.revT = nil
	if o.idx[kRevisit] < 0 || len(ds) == 0 {
		return
	}
	g := e.grid
	revT := make([]float64, g.Len())
	for k := range revT {
		revT[k] = noDetection
	}
	mark := func(i, j int, t float64) {
		k := g.Index(i, j)
		revT[k] = math.Max(revT[k], t)
	}
	r := o.revRadius
	for _, d := range ds {
		if i, j, ok := g.CellOf(d.Pos); ok {
			mark(i, j, d.Time)
		}
		if !(r > 0) {
			continue
		}
		i0 := max(0, int(math.Floor((d.Pos.X-r-g.XStart)/g.Res)))
		i1 := min(g.Rows-1, int(math.Floor((d.Pos.X+r-g.XStart)/g.Res)))
		j0 := max(0, int(math.Floor((d.Pos.Y-r-g.YStart)/g.Res)))
		j1 := min(g.Cols-1, int(math.Floor((d.Pos.Y+r-g.YStart)/g.Res)))
		for i := i0; i <= i1; i++ {
			for j := j0; j <= j1; j++ {
				if r2.Norm(r2.Sub(g.Center(i, j), d.Pos)) <= r {
					mark(i, j, d.Time)
				}
			}
		}
	}
	e.revT = revT
}
