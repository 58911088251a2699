package reward_test

import (
	"math"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/tigris-uav/tigris/reward"
)

func TestConfigValidate(t *testing.T) {
	entropy := func(w float64) []reward.Term { return []reward.Term{{Kind: reward.TermEntropy, Weight: w}} }
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
