package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tigris-uav/tigris/geom"
)

const goodMission = `
name: tiny
vehicle: {kind: fixed-wing, speed: 20, min_turn_radius: 80, altitude: 50, start: {x: 100, y: 100, heading_deg: 0}}
budget: {distance: 3000}
map:
  resolution: 30
  bounds: [[0, 0], [1000, 0], [1000, 1000], [0, 1000]]
priors:
  - {polygon: [[200, 200], [800, 200], [800, 800]], probability: 0.5}
planner: {seed: 3}
`

// runCLI runs the command line in-process and returns its exit status and output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func writeMission(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "mission.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGoodMissionLoads(t *testing.T) {
	m, err := parseMission([]byte(goodMission), "tiny.yaml", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	w, err := m.build()
	if err != nil {
		t.Fatal(err)
	}
	if w.Grid.Rows != 33 || w.Grid.Cols != 33 {
		t.Errorf("grid %dx%d, want 33x33", w.Grid.Rows, w.Grid.Cols)
	}
	if w.Start.Z != 50 {
		t.Errorf("start z defaults to the altitude: got %v", w.Start.Z)
	}
}

func TestEveryScenarioBuilds(t *testing.T) {
	for _, name := range scenarioNames() {
		m, err := loadMission(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if _, err := m.build(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		b, _ := scenarioText(name)
		if scenarioSummary(b) == "" {
			t.Errorf("%s: no comment header saying what it shows", name)
		}
	}
}

// Malformed missions are rejected with exit status 2 and a one-line message
// that names the file and the key.
func TestBadMissions(t *testing.T) {
	replace := func(old, new string) string {
		if !strings.Contains(goodMission, old) {
			t.Fatalf("test bug: %q not in the good mission", old)
		}
		return strings.Replace(goodMission, old, new, 1)
	}
	cases := []struct {
		name, text string
		want       []string
	}{
		{"bad yaml", "vehicle: [unclosed", []string{"mission.yaml"}},
		{"empty", "", []string{"map.bounds"}},
		{"unknown key", replace("speed: 20", "sped: 20"), []string{"vehicle.sped", "unknown key"}},
		{"unknown top-level key", goodMission + "colour: red\n", []string{"colour", "unknown key"}},
		{"two-vertex bounds", replace("[[0, 0], [1000, 0], [1000, 1000], [0, 1000]]", "[[0, 0], [1000, 0]]"), []string{"map.bounds", "3"}},
		{"self-intersecting bounds", replace("[[0, 0], [1000, 0], [1000, 1000], [0, 1000]]", "[[0, 0], [1000, 1000], [1000, 0], [0, 1000]]"), []string{"map.bounds", "self-intersect"}},
		{"self-intersecting prior", replace("[[200, 200], [800, 200], [800, 800]]", "[[200, 200], [800, 800], [800, 200], [200, 800]]"), []string{"priors[0]", "self-intersect"}},
		{"negative resolution", replace("resolution: 30", "resolution: -30"), []string{"map.resolution"}},
		{"probability above 1", replace("probability: 0.5", "probability: 1.5"), []string{"priors[0]", "probability"}},
		{"NaN probability", replace("probability: 0.5", "probability: .nan"), []string{"priors[0]", "probability"}},
		{"NaN speed", replace("speed: 20", "speed: .nan"), []string{"vehicle.speed"}},
		{"text for a number", replace("resolution: 30", "resolution: thirty"), []string{"map.resolution"}},
		{"missing bounds", replace("bounds: [[0, 0], [1000, 0], [1000, 1000], [0, 1000]]", "default_probability: 0.001"), []string{"map.bounds"}},
		{"point with three numbers", replace("[[0, 0], [1000, 0]", "[[0, 0, 1], [1000, 0]"), []string{"map.bounds", "[x, y]"}},
		{"short point late in a flow list", replace("[1000, 1000], [0, 1000]]", "[1000, 1000], [0]]"), []string{"map.bounds[3]:", "[x, y]"}},
		{"geodetic point without origin", replace("[1000, 1000], [0, 1000]]", "[1000, 1000], {geo: [47, 8]}]"), []string{"map.bounds[3]", "origin"}},
		{"negative budget", replace("distance: 3000", "distance: -3000"), []string{"budget.distance"}},
		{"negative step", replace("seed: 3", "seed: 3, step: -40"), []string{"planner.step"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := writeMission(t, c.text)
			code, stdout, stderr := runCLI(t, "plan", "-mission", path, "-iters", "10")
			if code != 2 {
				t.Fatalf("exit status %d, want 2; stderr: %s", code, stderr)
			}
			if stdout != "" {
				t.Errorf("nothing should reach stdout, got %q", stdout)
			}
			if strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("want a one-line message, got:\n%s", stderr)
			}
			if !strings.Contains(stderr, path) {
				t.Errorf("message does not name the file %s: %s", path, stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("message does not mention %q: %s", w, stderr)
				}
			}
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
				t.Errorf("looks like a crash: %s", stderr)
			}
		})
	}
}

func TestUnknownCommandAndFlags(t *testing.T) {
	if code, _, _ := runCLI(t, "fly-me-to-the-moon"); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, "plan", "-no-such-flag"); code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", code)
	}
	if code, _, stderr := runCLI(t, "plan", "-mission", "no/such/file.yaml"); code != 2 || !strings.Contains(stderr, "no/such/file.yaml") {
		t.Errorf("missing file: exit %d, stderr %q", code, stderr)
	}
}

func TestScenariosCommand(t *testing.T) {
	code, out, _ := runCLI(t, "scenarios")
	if code != 0 || !strings.Contains(out, "coastal-search") {
		t.Fatalf("scenarios: exit %d, output %q", code, out)
	}
	code, out, _ = runCLI(t, "scenarios", "coastal-search")
	if code != 0 || !strings.Contains(out, "name: coastal-search") {
		t.Fatalf("scenarios coastal-search: exit %d", code)
	}
	// A printed scenario is a valid mission file users can copy and tune.
	if _, err := parseMission([]byte(out), "copy.yaml", "", nil); err != nil {
		t.Fatalf("printed scenario does not load: %v", err)
	}
}

// FuzzParseMission: whatever the bytes, loading either succeeds or returns an
// input error; it never panics.
func FuzzParseMission(f *testing.F) {
	f.Add([]byte(goodMission))
	for _, name := range scenarioNames() {
		b, _ := scenarioText(name)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := parseMission(data, "fuzz.yaml", "", nil)
		if err != nil {
			return
		}
		// Building allocates the grid; keep the fuzzer on parsing and
		// validation rather than on allocating large (valid) grids.
		box := geom.PolygonOf(m.Map.Bounds).Bounds()
		if cells := (box.Max.X - box.Min.X) * (box.Max.Y - box.Min.Y) / (m.Map.Resolution * m.Map.Resolution); cells > 1e5 {
			return
		}
		if _, err := m.build(); err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("build failed with a non-input error: %v", err)
			}
		}
	})
}

// designSketch is DESIGN §3's mission sketch (its placeholder keep-out
// polygon filled in): the contract users tune must load as written.
const designSketch = `
name: coastal-search
origin: {lat: 40.4406, lon: -79.9959, alt: 300}   # optional; then any point may be [lat, lon] under geo:
vehicle:
  kind: fixed-wing            # fixed-wing | multirotor
  speed: 25
  min_turn_radius: 100        # fixed-wing
  altitude: 50                # nominal flight height above ground for sampled poses
  start: {x: 4500, y: 2500, z: 110, heading_deg: 180}
  wind: {x: 0, y: 0}
budget: {distance: 15000}     # and/or time: 600; horizon: 1000 (receding, optional)
sensor:
  focal_length: 15
  sensor_width: 10
  sensor_height: 10
  pitch_deg: 30               # below the horizon; 90 = nadir
  models:                     # detection probability by slant range, one table per id
    - {id: 0, max_range: 610, table: fixedwing_sensor_model_0.csv}   # or inline: [[range, tpr, tnr], ...]
                              # the footprint is clipped at the largest max_range (model §3.4)
map:
  resolution: 30
  bounds: [[0, 0], [4000, 0], [5000, 5000], [3000, 5000], [2200, 2500]]
  default_probability: 1.0e-6
priors:                       # applied in order; later ones overwrite
  - {polygon: [[2300, 2500], [4400, 2500], [4900, 4900], [3100, 4900]], probability: 0.49, priority: 1.0, sensor_model: 0}
  - {gaussian: {center: [1200, 800], sigma: 150, peak: 0.4}}
  - {line: [[0, 0], [500, 500]], probability: 0.3}
  - {point: [2500, 2500], probability: 0.5}
keep_out:
  - {circle: {center: [3000, 3000], radius: 200}}
  - {polygon: [[3500, 1000], [3800, 1000], [3800, 1300]]}
stay_in_bounds: false
reward:
  edge: true                  # swept-edge reward on straight parts
  time_decay: {slope: 0, floor: 1}
  terms: [{kind: entropy, weight: 1}]   # more kinds as they exist
planner:
  kind: ia-tigris             # ia-tigris | tigris | greedy | mcts | random | lawnmower
  plan_time: 10s
  step: 40                    # path discretisation, m
  extend_dist: 500
  extend_radius: 1500
  prune_radius: 400
  viewpoint_goal: 0.6
  seed: 1
sim:
  targets: {count: 10, from: prior}   # or an explicit list with speed/heading
  rate: 50                    # physics Hz
  belief_rate: 10             # Hz
`

func TestDesignSketchLoads(t *testing.T) {
	m, err := parseMission([]byte(designSketch), "design.yaml", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	w, err := m.build()
	if err != nil {
		t.Fatal(err)
	}
	if m.Origin == nil || len(m.Priors) != 4 || len(m.KeepOut) != 2 || w.Grid.Res != 30 {
		t.Errorf("sketch parsed incompletely: origin %v, %d priors, %d keep-outs, res %v", m.Origin, len(m.Priors), len(m.KeepOut), w.Grid.Res)
	}
}

// `scenarios -dir` writes a scenario with the files it references, and the
// copy loads from disk.
func TestScenariosDir(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, "scenarios", "-dir", dir, "field-geo")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range []string{"field-geo.yaml", "field-geo.kml"} {
		if !strings.Contains(stdout, filepath.Join(dir, f)) {
			t.Errorf("%s not written: %s", f, stdout)
		}
	}
	m, err := loadMission(filepath.Join(dir, "field-geo.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.build(); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := runCLI(t, "scenarios", "-dir", dir); code != 2 {
		t.Errorf("-dir without a name: exit %d, want 2", code)
	}
}
