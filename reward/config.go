package reward

import (
	"errors"
	"fmt"
	"math"
)

// TermEntropy is the kind of the entropy-reduction term: the bits of entropy
// the pseudo-observation removes from each observed cell, times the cell's
// priority (model §3.5). It is the only kind so far.
const TermEntropy = "entropy"

// Config is the mission's `reward:` section (DESIGN §3).
//
// The zero value is usable and means the defaults: swept-edge reward on, no
// time decay, one entropy term of weight 1. DefaultConfig spells them out.
type Config struct {
	// Edge turns the swept-edge reward on the straight part of each edge on
	// or off; nil means on.
	Edge *bool `yaml:"edge"`
	// TimeDecay discounts later observations; the zero value means none.
	TimeDecay TimeDecay `yaml:"time_decay"`
	// Terms are what a cell observation is worth, summed; empty means
	// [{kind: entropy, weight: 1}].
	Terms []Term `yaml:"terms"`
}

// TimeDecay is a linear discount of a node's reward by the time at which the
// vehicle reaches it, never below a floor: decay(t) = max(Floor, 1 + Slope·t).
//
// Unlike the reference (model §10 item 17), a zero slope means no decay
// whatever the floor.
type TimeDecay struct {
	Slope float64 `yaml:"slope"` // per second; ≤ 0
	Floor float64 `yaml:"floor"` // in [0, 1]
}

// At is the decay factor for an observation made t seconds after the root.
func (d TimeDecay) At(t float64) float64 {
	return math.Max(d.Floor, 1+d.Slope*t)
}

// Term is one weighted part of the reward.
type Term struct {
	Kind   string  `yaml:"kind"`   // TermEntropy
	Weight float64 `yaml:"weight"` // > 0
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

// EntropyWeight is the weight of the entropy term (1 when Terms is empty).
func (c Config) EntropyWeight() float64 {
	if len(c.Terms) == 0 {
		return 1
	}
	w := 0.0
	for _, t := range c.Terms {
		if t.Kind == TermEntropy {
			w += t.Weight
		}
	}
	return w
}

// Validate reports every invalid setting, each naming its key path.
func (c Config) Validate() error {
	var errs []error
	d := c.TimeDecay
	if !(d.Slope <= 0) || math.IsInf(d.Slope, 0) {
		errs = append(errs, fmt.Errorf("reward.time_decay.slope: must be a finite number ≤ 0, got %v", d.Slope))
	}
	if !(d.Floor >= 0 && d.Floor <= 1) {
		errs = append(errs, fmt.Errorf("reward.time_decay.floor: must be in [0, 1], got %v", d.Floor))
	}
	if d.Slope < 0 && d.Floor == 1 {
		// The floor would hide the slope entirely; this is almost always a
		// forgotten floor (the default is 1), so say so instead of silently
		// ignoring the slope.
		errs = append(errs, fmt.Errorf("reward.time_decay.floor: is 1, so slope %v has no effect; set a floor below 1", d.Slope))
	}
	seen := make(map[string]int, len(c.Terms))
	for k, t := range c.Terms {
		switch t.Kind {
		case TermEntropy:
		case "":
			errs = append(errs, fmt.Errorf("reward.terms[%d].kind: missing (have %s)", k, TermEntropy))
		default:
			errs = append(errs, fmt.Errorf("reward.terms[%d].kind: unknown kind %q (have %s)", k, t.Kind, TermEntropy))
		}
		if first, dup := seen[t.Kind]; dup && t.Kind != "" {
			errs = append(errs, fmt.Errorf("reward.terms[%d].kind: %q already given at terms[%d]", k, t.Kind, first))
		} else {
			seen[t.Kind] = k
		}
		if !(t.Weight > 0) || math.IsInf(t.Weight, 0) {
			errs = append(errs, fmt.Errorf("reward.terms[%d].weight: must be a finite number > 0, got %v", k, t.Weight))
		}
	}
	return errors.Join(errs...)
}
