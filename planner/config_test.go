package planner

import (
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Config)
		key  string // "" = valid
	}{
		{"defaults", func(*Config) {}, ""},
		{"tigris", func(c *Config) { c.Kind = KindTigris }, ""},
		{"baseline kind", func(c *Config) { c.Kind = KindLawnmower }, ""},
		{"iterations only", func(c *Config) { c.PlanTime, c.Iterations = 0, 100 }, ""},
		{"viewpoint at centre", func(c *Config) { c.ViewpointGoal = 0 }, ""},
		{"no pruning", func(c *Config) { c.PruneRadius = 0 }, ""},
		{"unknown kind", func(c *Config) { c.Kind = "rrt" }, "planner.kind"},
		{"negative iterations", func(c *Config) { c.Iterations = -1 }, "planner.iterations"},
		{"no plan time", func(c *Config) { c.PlanTime = 0 }, "planner.plan_time"},
		{"negative plan time", func(c *Config) { c.PlanTime = -time.Second }, "planner.plan_time"},
		{"zero step", func(c *Config) { c.Step = 0 }, "planner.step"},
		{"extend below step", func(c *Config) { c.ExtendDist = 30 }, "planner.extend_dist"},
		{"zero extend radius", func(c *Config) { c.ExtendRadius = 0 }, "planner.extend_radius"},
		{"negative prune radius", func(c *Config) { c.PruneRadius = -1 }, "planner.prune_radius"},
		{"viewpoint beyond the image", func(c *Config) { c.ViewpointGoal = 1.5 }, "planner.viewpoint_goal"},
		{"no workers", func(c *Config) { c.Workers = 0 }, "planner.workers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := DefaultConfig()
			tc.edit(&c)
			err := c.Validate()
			switch {
			case tc.key == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.key != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.key+":")):
				t.Fatalf("error %v, want one naming %s", err, tc.key)
			}
		})
	}
}

func TestConfigYAML(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      func(Config) bool
		err       string
	}{
		{"duration string", "plan_time: 2.5s", func(c Config) bool { return c.PlanTime == 2500*time.Millisecond }, ""},
		{"seconds", "plan_time: 3", func(c Config) bool { return c.PlanTime == 3*time.Second }, ""},
		{"fractional seconds", "plan_time: 0.25", func(c Config) bool { return c.PlanTime == 250*time.Millisecond }, ""},
		{"explicit zeros survive defaults", "{viewpoint_goal: 0, seed: 0, prune_radius: 0}",
			func(c Config) bool { return c.ViewpointGoal == 0 && c.Seed == 0 && c.PruneRadius == 0 && c.Step == 40 }, ""},
		{"unset fields default", "kind: tigris", func(c Config) bool { return c.Kind == KindTigris && c.ViewpointGoal == 0.6 && c.Workers == 1 }, ""},
		{"bad duration", "plan_time: soon", nil, "line 1: cannot read \"soon\" as a duration"},
		{"unknown key", "stepp: 40", nil, "line 1: field stepp not found in type planner.Config"},
		{"wrong type", "step: far", nil, "cannot unmarshal"},
		{"not a mapping", "[1, 2]", nil, "must be a mapping"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c Config
			err := yaml.Unmarshal([]byte(tc.src), &c)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c = c.WithDefaults(); !tc.want(c) {
				t.Fatalf("decoded %+v", c)
			}
		})
	}
}

func TestConfigRoundTrip(t *testing.T) {
	c := DefaultConfig()
	c.PlanTime, c.Kind, c.Workers = 1500*time.Millisecond, KindTigris, 2
	b, err := yaml.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var back Config
	if err := yaml.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	back.set = c.set
	if back != c {
		t.Fatalf("round trip:\n%s\ngave %+v, want %+v", b, back, c)
	}
}

func TestBudgetValidate(t *testing.T) {
	for _, tc := range []struct {
		b   Budget
		key string
	}{
		{Budget{Distance: 15000}, ""},
		{Budget{Time: 600}, ""},
		{Budget{Distance: 2400, Horizon: 600}, ""},
		{Budget{}, "budget:"},
		{Budget{Horizon: 600}, "budget:"},
		{Budget{Distance: -1}, "budget.distance:"},
		{Budget{Distance: 1, Time: -1}, "budget.time:"},
		{Budget{Distance: 1, Horizon: -5}, "budget.horizon:"},
	} {
		err := tc.b.Validate()
		if (tc.key == "") != (err == nil) || err != nil && !strings.HasPrefix(err.Error(), tc.key) {
			t.Errorf("%+v: error %v, want %q", tc.b, err, tc.key)
		}
	}
}
