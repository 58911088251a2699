package reward_test

import (
	"math"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/reward"
)

func TestConfigValidate(t *testing.T) {
	entropy := func(w float64) []reward.Term { return []reward.Term{{Kind: reward.TermEntropy, Weight: w}} }
	one := func(t reward.Term) reward.Config { return reward.Config{Terms: []reward.Term{t}} }
	square := []geom.Point{{X: 0, Y: 0}, {X: 10, Y: 0}, {X: 10, Y: 10}, {X: 0, Y: 10}}
	tests := []struct {
		name string
		cfg  reward.Config
		want string // substring of the error; "" = valid
	}{
		{"zero value", reward.Config{}, ""},
		{"default", reward.DefaultConfig(), ""},
		{"decay", reward.Config{TimeDecay: reward.TimeDecay{Slope: -0.01, Floor: 0.2}}, ""},
		{"slope 0 any floor", reward.Config{TimeDecay: reward.TimeDecay{Floor: 0.5}}, ""},
		{"positive slope", reward.Config{TimeDecay: reward.TimeDecay{Slope: 0.1}}, "reward.time_decay.slope: must be a finite number ≤ 0, got 0.1"},
		{"NaN slope", reward.Config{TimeDecay: reward.TimeDecay{Slope: math.NaN()}}, "reward.time_decay.slope"},
		{"floor above 1", reward.Config{TimeDecay: reward.TimeDecay{Floor: 2}}, "reward.time_decay.floor: must be in [0, 1], got 2"},
		{"negative floor", reward.Config{TimeDecay: reward.TimeDecay{Slope: -1, Floor: -0.5}}, "reward.time_decay.floor"},
		{"floor hides slope", reward.Config{TimeDecay: reward.TimeDecay{Slope: -0.01, Floor: 1}}, "reward.time_decay.floor: is 1, so slope -0.01 has no effect"},
		{"unknown kind", reward.Config{Terms: []reward.Term{{Kind: "coverage", Weight: 1}}}, `reward.terms[0].kind: unknown kind "coverage"`},
		{"missing kind", reward.Config{Terms: []reward.Term{{Weight: 1}}}, "reward.terms[0].kind: missing"},
		{"duplicate kind", reward.Config{Terms: append(entropy(1), entropy(2)...)}, `reward.terms[1].kind: "entropy" already given at terms[0]`},
		{"zero weight", reward.Config{Terms: entropy(0)}, "reward.terms[0].weight: must be a finite number > 0, got 0"},
		{"infinite weight", reward.Config{Terms: entropy(math.Inf(1))}, "reward.terms[0].weight"},
		{"every kind", allTerms(), ""},
		{"half-life decay", reward.Config{TimeDecay: reward.TimeDecay{HalfLife: 300}}, ""},
		{"slope and half-life", reward.Config{TimeDecay: reward.TimeDecay{Slope: -0.01, HalfLife: 300}}, "reward.time_decay: give slope (linear) or half_life (exponential), not both"},
		{"negative half-life", reward.Config{TimeDecay: reward.TimeDecay{HalfLife: -3}}, "reward.time_decay.half_life"},
		{"floor hides half-life", reward.Config{TimeDecay: reward.TimeDecay{HalfLife: 300, Floor: 1}}, "reward.time_decay.floor: is 1, so half_life 300 has no effect"},
		{"term decay", one(reward.Term{Kind: reward.TermDetection, Weight: 1, TimeDecay: &reward.TimeDecay{Slope: 1}}), "reward.terms[0].time_decay.slope"},
		{"time_decay as a kind", one(reward.Term{Kind: "time_decay", Weight: 1}), "reward.terms[0].kind: time_decay is not a term"},
		{"key of another kind", one(reward.Term{Kind: reward.TermEntropy, Weight: 1, Radius: 5}), "reward.terms[0].radius: not a key of kind entropy (it takes weight, time_decay)"},
		{"turn weight above 1", one(reward.Term{Kind: reward.TermNoInfoOnTurns, Weight: 1.5}), "reward.terms[0].weight: must be in [0, 1]"},
		{"turn weight 0", one(reward.Term{Kind: reward.TermNoInfoOnTurns}), ""},
		{"turn decay", one(reward.Term{Kind: reward.TermNoInfoOnTurns, TimeDecay: &reward.TimeDecay{}}), "reward.terms[0].time_decay: not a key of kind no_info_on_turns (it takes weight only)"},
		{"standoff without radius", one(reward.Term{Kind: reward.TermStandoff, Weight: 1, Detected: true}), "reward.terms[0].radius: must be a finite distance > 0"},
		{"standoff from nothing", one(reward.Term{Kind: reward.TermStandoff, Weight: 1, Radius: 100}), "reward.terms[0]: needs points to keep away from, or detected: true"},
		{"standoff NaN point", one(reward.Term{Kind: reward.TermStandoff, Weight: 1, Radius: 100, Points: []geom.Point{{X: math.NaN()}}}), "reward.terms[0].points[0]: must be finite"},
		{"end region without region", one(reward.Term{Kind: reward.TermEndRegion, Weight: 1}), "reward.terms[0]: needs a circle or a polygon"},
		{"end region with both", one(reward.Term{Kind: reward.TermEndRegion, Weight: 1, Circle: &motion.CircleZone{Radius: 1}, Polygon: square}), "give either circle or polygon"},
		{"end region radius", one(reward.Term{Kind: reward.TermEndRegion, Weight: 1, Circle: &motion.CircleZone{}}), "reward.terms[0].circle.radius: must be a finite distance > 0"},
		{"end region bad polygon", one(reward.Term{Kind: reward.TermEndRegion, Weight: 1, Polygon: square[:2]}), "reward.terms[0].polygon:"},
		{"end region polygon", one(reward.Term{Kind: reward.TermEndRegion, Weight: 1, Polygon: square, Required: true}), ""},
		{"revisit negative radius", one(reward.Term{Kind: reward.TermRevisit, Weight: 1, Radius: -1}), "reward.terms[0].radius: must be a finite distance ≥ 0"},
		{"revisit negative half-life", one(reward.Term{Kind: reward.TermRevisit, Weight: 1, HalfLife: -1}), "reward.terms[0].half_life"},
		{"required on revisit", one(reward.Term{Kind: reward.TermRevisit, Weight: 1, Required: true}), "reward.terms[0].required: not a key of kind revisit"},
		{"standoff weight", one(reward.Term{Kind: reward.TermStandoff, Weight: -1, Radius: 1, Detected: true}), "reward.terms[0].weight: must be a finite number > 0, got -1"},
	}
	for _, tt := range tests {
		err := tt.cfg.Validate()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

func TestConfigYAML(t *testing.T) {
	tests := []struct {
		src    string
		edge   bool
		weight float64
		decay  reward.TimeDecay
	}{
		{"{}", true, 1, reward.TimeDecay{}},
		{"edge: false", false, 1, reward.TimeDecay{}},
		{"time_decay: {slope: -0.01, floor: 0.2}\nterms: [{kind: entropy, weight: 2}]", true, 2, reward.TimeDecay{Slope: -0.01, Floor: 0.2}},
		{"edge: true\ntime_decay: {slope: 0, floor: 1}\nterms: [{kind: entropy, weight: 1}]", true, 1, reward.TimeDecay{Floor: 1}},
	}
	for _, tt := range tests {
		var c reward.Config
		dec := yaml.NewDecoder(strings.NewReader(tt.src))
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil {
			t.Fatalf("%q: %v", tt.src, err)
		}
		if err := c.Validate(); err != nil {
			t.Errorf("%q: %v", tt.src, err)
		}
		if c.UseEdge() != tt.edge || c.EntropyWeight() != tt.weight || c.TimeDecay != tt.decay {
			t.Errorf("%q: edge %v weight %v decay %+v; want %v %v %+v",
				tt.src, c.UseEdge(), c.EntropyWeight(), c.TimeDecay, tt.edge, tt.weight, tt.decay)
		}
	}
}

// Every key of every kind decodes from a mission's YAML (strictly).
func TestTermsYAML(t *testing.T) {
	src := `
time_decay: {half_life: 600, floor: 0.1}
terms:
  - {kind: entropy, weight: 1}
  - {kind: detection, weight: 2, time_decay: {slope: -0.001, floor: 0.2}}
  - {kind: standoff, weight: 5, radius: 150, points: [[100, 200], [300, 400]], detected: true}
  - {kind: end_region, weight: 20, circle: {center: [0, 0], radius: 250}, required: true}
  - {kind: no_info_on_turns, weight: 0.2}
  - {kind: revisit, weight: 3, radius: 60, half_life: 90}
`
	var c reward.Config
	dec := yaml.NewDecoder(strings.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	ts := c.ActiveTerms()
	if len(ts) != 6 || ts[1].TimeDecay == nil || ts[1].TimeDecay.Slope != -0.001 || len(ts[2].Points) != 2 || !ts[2].Detected ||
		ts[3].Circle == nil || ts[3].Circle.Radius != 250 || !ts[3].Required || ts[4].Weight != 0.2 || ts[5].HalfLife != 90 || ts[5].Radius != 60 {
		t.Errorf("decoded %+v", ts)
	}
	if d := c.DecayOf(ts[0]); d != c.TimeDecay {
		t.Errorf("entropy decays by %+v, want reward.time_decay", d)
	}
	if d := c.DecayOf(ts[2]); d != (reward.TimeDecay{}) {
		t.Errorf("standoff decays by %+v, want none", d)
	}
	if c.EntropyWeight() != 1 || terms(term(reward.TermDetection, 1)).EntropyWeight() != 0 {
		t.Error("EntropyWeight")
	}
}
