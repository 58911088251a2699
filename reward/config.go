package reward

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
)

// The kinds of reward term a mission may list under reward.terms.
const (
	// TermEntropy is the bits of entropy the pseudo-observation removes from
	// each observed cell, times the cell's priority (model §3.5): the
	// model's reward and the default.
	TermEntropy = "entropy"
	// TermDetection is the expected number of targets found: for each
	// observed cell, its probability on the planning belief times the
	// true-positive rate at the cell's range times its priority, counting
	// each cell's target once per branch (a second look only finds what the
	// first missed).
	TermDetection = "detection"
	// TermStandoff is a penalty for flying within Radius of given points or
	// of targets already detected (Evaluator.SetDetections): each edge costs
	// weight × (1 − d/radius) per point it comes within d < radius of.
	TermStandoff = "standoff"
	// TermEndRegion is a bonus (or, with Required, a condition) for the path
	// to end inside a region: see Evaluator.Terminal.
	TermEndRegion = "end_region"
	// TermNoInfoOnTurns discounts what the camera sees while the vehicle
	// banks at a node: such an observation happens with probability weight
	// (in [0, 1]), so it earns weight × its value and moves the belief only
	// that far.
	TermNoInfoOnTurns = "no_info_on_turns"
	// TermRevisit values re-observing the cells of past detections (moving
	// targets): each observed cell within Radius of a detection earns its
	// true-positive rate times its priority, halved every HalfLife seconds
	// since the most recent detection there, once per branch.
	TermRevisit = "revisit"
)

// kinds lists the term kinds in the order error messages name them.
var kinds = []string{TermEntropy, TermDetection, TermStandoff, TermEndRegion, TermNoInfoOnTurns, TermRevisit}

// DefaultRevisitHalfLife is the revisit term's half_life when none is given,
// in seconds.
const DefaultRevisitHalfLife = 120

// Config is the mission's `reward:` section (DESIGN §3).
//
// The zero value is usable and means the defaults: swept-edge reward on, no
// time decay, one entropy term of weight 1. DefaultConfig spells them out.
type Config struct {
	// Edge turns the swept-edge reward on the straight part of each edge on
	// or off; nil means on.
	Edge *bool `yaml:"edge"`
	// TimeDecay discounts later observations of the information terms
	// (entropy, detection, revisit) that set no time_decay of their own;
	// the zero value means none.
	TimeDecay TimeDecay `yaml:"time_decay"`
	// Terms are the parts of the reward, summed; empty means
	// [{kind: entropy, weight: 1}].
	Terms []Term `yaml:"terms"`
}

// TimeDecay discounts a term by the time t (s) at which the vehicle reaches
// the node, never below a floor: linearly, max(Floor, 1 + Slope·t), or, with
// a HalfLife, exponentially, max(Floor, 2^(−t/HalfLife)). Finding something
// early is worth more.
//
// Unlike the reference (model §10 item 17), a zero slope means no decay
// whatever the floor. The zero value means no decay.
type TimeDecay struct {
	Slope    float64 `yaml:"slope"`     // per second; ≤ 0
	Floor    float64 `yaml:"floor"`     // in [0, 1]
	HalfLife float64 `yaml:"half_life"` // seconds; > 0 for exponential decay, 0 for linear
}

// At is the decay factor for an observation made t seconds after the root.
func (d TimeDecay) At(t float64) float64 {
	if d.HalfLife > 0 {
		return math.Max(d.Floor, math.Exp2(-t/d.HalfLife))
	}
	return math.Max(d.Floor, 1+d.Slope*t)
}

// none reports whether d never discounts anything.
func (d TimeDecay) none() bool { return d.HalfLife == 0 && d.Slope == 0 }

func (d TimeDecay) validate(key string) []error {
	var errs []error
	if !(d.Slope <= 0) || math.IsInf(d.Slope, 0) {
		errs = append(errs, fmt.Errorf("%s.slope: must be a finite number ≤ 0, got %v", key, d.Slope))
	}
	if !(d.HalfLife >= 0) || math.IsInf(d.HalfLife, 0) {
		errs = append(errs, fmt.Errorf("%s.half_life: must be a finite number of seconds > 0 (or 0 for none), got %v", key, d.HalfLife))
	}
	if d.Slope < 0 && d.HalfLife > 0 {
		errs = append(errs, fmt.Errorf("%s: give slope (linear) or half_life (exponential), not both", key))
	}
	if !(d.Floor >= 0 && d.Floor <= 1) {
		errs = append(errs, fmt.Errorf("%s.floor: must be in [0, 1], got %v", key, d.Floor))
	}
	if !d.none() && d.Floor == 1 {
		// The floor would hide the decay entirely; this is almost always a
		// forgotten floor (the default is 1), so say so instead of silently
		// ignoring the decay.
		what := fmt.Sprintf("slope %v", d.Slope)
		if d.HalfLife > 0 {
			what = fmt.Sprintf("half_life %v", d.HalfLife)
		}
		errs = append(errs, fmt.Errorf("%s.floor: is 1, so %s has no effect; set a floor below 1", key, what))
	}
	return errs
}

// Term is one weighted part of the reward. Kind says which; the other keys
// belong to some kinds only, and giving one to a kind that has no use for it
// is an error.
type Term struct {
	Kind   string  `yaml:"kind"`
	Weight float64 `yaml:"weight"` // > 0; in [0, 1] for no_info_on_turns
	// TimeDecay overrides reward.time_decay for this term. The information
	// terms default to reward.time_decay, standoff and end_region to none.
	TimeDecay *TimeDecay `yaml:"time_decay"`

	// Radius (m) is the standoff distance (required) or, for revisit, how
	// far from a detection a cell's centre may be to count (0: the
	// detection's own cell).
	Radius float64 `yaml:"radius"`
	// Points are the fixed points a standoff term keeps away from.
	Points []geom.Point `yaml:"points"`
	// Detected makes a standoff term keep away from the detected targets too.
	Detected bool `yaml:"detected"`

	// Circle or Polygon is the end_region (exactly one).
	Circle  *motion.CircleZone `yaml:"circle"`
	Polygon []geom.Point       `yaml:"polygon"`
	// Required makes ending in the region a condition, not just a bonus.
	Required bool `yaml:"required"`

	// HalfLife (s) is how fast the value of re-observing a detection's cells
	// fades for the revisit term; 0 means DefaultRevisitHalfLife.
	HalfLife float64 `yaml:"half_life"`
}

// DefaultConfig is the configuration a mission without a `reward:` section
// gets: edge reward on, time_decay {slope: 0, floor: 1}, terms
// [{kind: entropy, weight: 1}].
func DefaultConfig() Config {
	on := true
	return Config{
		Edge:      &on,
		TimeDecay: TimeDecay{Slope: 0, Floor: 1},
		Terms:     []Term{{Kind: TermEntropy, Weight: 1}},
	}
}

// UseEdge reports whether the swept-edge reward is on (Edge nil or true).
func (c Config) UseEdge() bool { return c.Edge == nil || *c.Edge }

// ActiveTerms is the terms the reward sums: Terms, or the single default
// entropy term when Terms is empty. Per-term contributions
// (Evaluator.GainTerms) are in this order.
func (c Config) ActiveTerms() []Term {
	if len(c.Terms) == 0 {
		return []Term{{Kind: TermEntropy, Weight: 1}}
	}
	return c.Terms
}

// EntropyWeight is the weight of the entropy term (1 when Terms is empty, 0
// when the terms leave it out).
func (c Config) EntropyWeight() float64 {
	w := 0.0
	for _, t := range c.ActiveTerms() {
		if t.Kind == TermEntropy {
			w += t.Weight
		}
	}
	return w
}

// DecayOf is the time decay that applies to term t: its own, else
// reward.time_decay for an information term, else none.
func (c Config) DecayOf(t Term) TimeDecay {
	switch {
	case t.TimeDecay != nil:
		return *t.TimeDecay
	case t.Kind == TermEntropy || t.Kind == TermDetection || t.Kind == TermRevisit:
		return c.TimeDecay
	}
	return TimeDecay{}
}

// SameDecay reports whether every term's time decay has the same factor at
// t0 and t1: when it has, a node whose time from the root changed from t0 to
// t1 keeps its reward for the same observations (the planner's re-score uses
// it to skip recomputing recycled nodes).
func (c Config) SameDecay(t0, t1 float64) bool {
	for _, t := range c.ActiveTerms() {
		if d := c.DecayOf(t); d.At(t0) != d.At(t1) {
			return false
		}
	}
	return true
}

// Validate reports every invalid setting, each naming its key path.
func (c Config) Validate() error {
	errs := c.TimeDecay.validate("reward.time_decay")
	seen := make(map[string]int, len(c.Terms))
	for k, t := range c.Terms {
		key := fmt.Sprintf("reward.terms[%d]", k)
		if t.Kind == "" {
			errs = append(errs, fmt.Errorf("%s.kind: missing (have %s)", key, strings.Join(kinds, ", ")))
			continue
		}
		if first, dup := seen[t.Kind]; dup {
			errs = append(errs, fmt.Errorf("%s.kind: %q already given at terms[%d]", key, t.Kind, first))
		} else {
			seen[t.Kind] = k
		}
		errs = append(errs, t.validate(key)...)
	}
	return errors.Join(errs...)
}

// keysOf lists the keys each kind accepts besides kind and weight.
var keysOf = map[string][]string{
	TermEntropy:       {"time_decay"},
	TermDetection:     {"time_decay"},
	TermStandoff:      {"time_decay", "radius", "points", "detected"},
	TermEndRegion:     {"time_decay", "circle", "polygon", "required"},
	TermNoInfoOnTurns: {},
	TermRevisit:       {"time_decay", "radius", "half_life"},
}

func (t Term) validate(key string) []error {
	accepted, known := keysOf[t.Kind]
	if !known {
		if t.Kind == "time_decay" {
			return []error{fmt.Errorf("%s.kind: time_decay is not a term; set reward.time_decay, or time_decay on a term", key)}
		}
		return []error{fmt.Errorf("%s.kind: unknown kind %q (have %s)", key, t.Kind, strings.Join(kinds, ", "))}
	}
	var errs []error
	given := map[string]bool{
		"time_decay": t.TimeDecay != nil,
		"radius":     t.Radius != 0,
		"points":     t.Points != nil,
		"detected":   t.Detected,
		"circle":     t.Circle != nil,
		"polygon":    t.Polygon != nil,
		"required":   t.Required,
		"half_life":  t.HalfLife != 0,
	}
	for _, name := range []string{"time_decay", "radius", "points", "detected", "circle", "polygon", "required", "half_life"} {
		if given[name] && !slices.Contains(accepted, name) {
			errs = append(errs, fmt.Errorf("%s.%s: not a key of kind %s (it takes weight%s)", key, name, t.Kind, listKeys(accepted)))
		}
	}
	if t.Kind == TermNoInfoOnTurns {
		if !(t.Weight >= 0 && t.Weight <= 1) {
			errs = append(errs, fmt.Errorf("%s.weight: must be in [0, 1] (the share of a banking observation that counts), got %v", key, t.Weight))
		}
	} else if !(t.Weight > 0) || math.IsInf(t.Weight, 0) {
		errs = append(errs, fmt.Errorf("%s.weight: must be a finite number > 0, got %v", key, t.Weight))
	}
	if t.TimeDecay != nil && slices.Contains(accepted, "time_decay") {
		errs = append(errs, t.TimeDecay.validate(key+".time_decay")...)
	}
	switch t.Kind {
	case TermStandoff:
		if !(t.Radius > 0) || math.IsInf(t.Radius, 0) {
			errs = append(errs, fmt.Errorf("%s.radius: must be a finite distance > 0 (m), got %v", key, t.Radius))
		}
		if len(t.Points) == 0 && !t.Detected {
			errs = append(errs, fmt.Errorf("%s: needs points to keep away from, or detected: true", key))
		}
		for i, p := range t.Points {
			if !finite(p.X) || !finite(p.Y) {
				errs = append(errs, fmt.Errorf("%s.points[%d]: must be finite, got [%v, %v]", key, i, p.X, p.Y))
			}
		}
	case TermEndRegion:
		switch {
		case t.Circle != nil && t.Polygon != nil:
			errs = append(errs, fmt.Errorf("%s: give either circle or polygon, not both", key))
		case t.Circle != nil:
			if c := t.Circle; !finite(c.Center.X) || !finite(c.Center.Y) {
				errs = append(errs, fmt.Errorf("%s.circle.center: must be finite, got [%v, %v]", key, c.Center.X, c.Center.Y))
			}
			if r := t.Circle.Radius; !(r > 0) || math.IsInf(r, 0) {
				errs = append(errs, fmt.Errorf("%s.circle.radius: must be a finite distance > 0 (m), got %v", key, r))
			}
		case t.Polygon != nil:
			if err := geom.PolygonOf(t.Polygon).Validate(); err != nil {
				errs = append(errs, fmt.Errorf("%s.polygon: %w", key, err))
			}
		default:
			errs = append(errs, fmt.Errorf("%s: needs a circle or a polygon", key))
		}
	case TermRevisit:
		if !(t.Radius >= 0) || math.IsInf(t.Radius, 0) {
			errs = append(errs, fmt.Errorf("%s.radius: must be a finite distance ≥ 0 (m), got %v", key, t.Radius))
		}
		if !(t.HalfLife >= 0) || math.IsInf(t.HalfLife, 0) {
			errs = append(errs, fmt.Errorf("%s.half_life: must be a finite number of seconds > 0, got %v", key, t.HalfLife))
		}
	}
	return errs
}

func listKeys(keys []string) string {
	if len(keys) == 0 {
		return " only"
	}
	return ", " + strings.Join(keys, ", ")
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
