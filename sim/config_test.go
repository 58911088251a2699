package sim

import (
	"math"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestConfigDefaults(t *testing.T) {
	c := DefaultConfig()
	want := Config{Targets: Targets{Count: 10, From: FromPrior}, Rate: 50, BeliefRate: 10, IterationsPerSecond: DefaultIterationsPerSecond}
	if c.Rate != want.Rate || c.BeliefRate != want.BeliefRate || c.IterationsPerSecond != want.IterationsPerSecond ||
		c.Targets.Count != 10 || c.Targets.From != FromPrior || c.MaxDuration != 0 {
		t.Errorf("DefaultConfig() = %+v, want %+v", c, want)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("defaults do not validate: %v", err)
	}
	// Targets a mission wrote are kept, and `from` defaults for a count.
	for _, tc := range []struct {
		in   Targets
		want Targets
	}{
		{Targets{Count: 0, From: FromPrior}, Targets{Count: 0, From: FromPrior}},
		{Targets{Count: 3}, Targets{Count: 3, From: FromPrior}},
		{Targets{List: []TargetSpec{{X: 1}}}, Targets{List: []TargetSpec{{X: 1}}}},
	} {
		got := Config{Targets: tc.in}.WithDefaults().Targets
		if got.Count != tc.want.Count || got.From != tc.want.From || len(got.List) != len(tc.want.List) {
			t.Errorf("WithDefaults(%+v).Targets = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	cases := []struct {
		name string
		edit func(*Config)
		want string // "" = valid
	}{
		{"defaults", func(*Config) {}, ""},
		{"zero rate", func(c *Config) { c.Rate = 0 }, "sim.rate: must be > 0"},
		{"negative rate", func(c *Config) { c.Rate = -3 }, "sim.rate: must be > 0, got -3"},
		{"infinite rate", func(c *Config) { c.Rate = math.Inf(1) }, "sim.rate"},
		{"belief faster than physics", func(c *Config) { c.BeliefRate = 60 }, "sim.belief_rate: must be > 0 and <= sim.rate (50), got 60"},
		{"NaN belief rate", func(c *Config) { c.BeliefRate = math.NaN() }, "sim.belief_rate"},
		{"iterations", func(c *Config) { c.IterationsPerSecond = -1 }, "sim.iterations_per_second: must be > 0"},
		{"max duration", func(c *Config) { c.MaxDuration = -1 }, "sim.max_duration: must be a finite number >= 0"},
		{"count", func(c *Config) { c.Targets.Count = -2 }, "sim.targets.count: must be >= 0, got -2"},
		{"from", func(c *Config) { c.Targets.From = "uniform" }, `sim.targets.from: must be "prior", got "uniform"`},
		{"list speed", func(c *Config) { c.Targets.List = []TargetSpec{{}, {Speed: -1}} }, "sim.targets.list[1].speed: must be >= 0"},
		{"list NaN", func(c *Config) { c.Targets.List = []TargetSpec{{Y: math.NaN()}} }, "sim.targets.list[0].y: must be finite"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := DefaultConfig()
			tc.edit(&c)
			err := c.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// The yaml keys are DESIGN §3's.
func TestConfigYAML(t *testing.T) {
	src := `
targets:
  count: 4
  from: prior
  list:
    - {x: 100, y: 200, speed: 3, heading_deg: 90, turn_rate_deg: 2}
rate: 100
belief_rate: 5
iterations_per_second: 250
max_duration: 1800
`
	var c Config
	dec := yaml.NewDecoder(strings.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		t.Fatal(err)
	}
	want := TargetSpec{X: 100, Y: 200, Speed: 3, HeadingDeg: 90, TurnRateDeg: 2}
	if c.Targets.Count != 4 || c.Targets.From != FromPrior || len(c.Targets.List) != 1 || c.Targets.List[0] != want ||
		c.Rate != 100 || c.BeliefRate != 5 || c.IterationsPerSecond != 250 || c.MaxDuration != 1800 {
		t.Errorf("decoded %+v", c)
	}
}
