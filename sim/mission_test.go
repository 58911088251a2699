package sim

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/planner"
	"github.com/tigris-uav/tigris/reward"
)

// testMission is the part of a mission file (DESIGN §3) a simulation needs,
// decoded into each package's own Config as the root package does.
type testMission struct {
	Name         string              `yaml:"name"`
	Vehicle      motion.Config       `yaml:"vehicle"`
	Budget       planner.Budget      `yaml:"budget"`
	Sensor       belief.SensorConfig `yaml:"sensor"`
	Map          belief.MapConfig    `yaml:"map"`
	Priors       []belief.Prior      `yaml:"priors"`
	KeepOut      []motion.KeepOut    `yaml:"keep_out"`
	StayInBounds bool                `yaml:"stay_in_bounds"`
	Reward       reward.Config       `yaml:"reward"`
	Planner      planner.Config      `yaml:"planner"`
	Sim          Config              `yaml:"sim"`
}

// loadSetup builds a Setup from testdata/<name>.yaml. edit, if not nil, may
// change the decoded mission before anything is built.
func loadSetup(tb testing.TB, name string, edit func(*testMission)) Setup {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	var m testMission
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	if edit != nil {
		edit(&m)
	}
	m.Vehicle = m.Vehicle.WithDefaults()
	m.Planner = m.Planner.WithDefaults()
	grid, err := belief.NewGrid(m.Map, m.Priors)
	if err != nil {
		tb.Fatal(err)
	}
	sensor, err := belief.NewSensor(m.Sensor, nil)
	if err != nil {
		tb.Fatal(err)
	}
	model, err := motion.NewModel(m.Vehicle)
	if err != nil {
		tb.Fatal(err)
	}
	validator, err := motion.NewValidator(m.KeepOut, grid.Bounds, m.StayInBounds)
	if err != nil {
		tb.Fatal(err)
	}
	lo, hi := m.Vehicle.AltitudeRange()
	p, err := planner.New(planner.Problem{
		Model: model, Validator: validator, Grid: grid, Sensor: sensor, Reward: m.Reward,
		Altitude: m.Vehicle.Altitude, AltitudeMin: lo, AltitudeMax: hi,
		Budget: m.Budget, Config: m.Planner,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return Setup{
		Name: m.Name, Planner: p, PlannerKind: m.Planner.Kind, Model: model,
		Grid: grid, Sensor: sensor, Start: m.Vehicle.StartState(), Budget: m.Budget,
		PlanTime: m.Planner.PlanTime, Iterations: m.Planner.Iterations,
		Config: m.Sim, Seed: 1,
	}
}
