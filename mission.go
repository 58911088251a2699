package main

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geo"
	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/planner"
	"github.com/tigris-uav/tigris/reward"
	"github.com/tigris-uav/tigris/sim"
)

// Mission is one mission file (DESIGN §3): each section is parsed into the
// owning package's Config and validated there; this type only composes them.
type Mission struct {
	Name         string              `yaml:"name"`
	Origin       *geo.Origin         `yaml:"origin"`
	Vehicle      motion.Config       `yaml:"vehicle"`
	Budget       planner.Budget      `yaml:"budget"`
	Sensor       belief.SensorConfig `yaml:"sensor"`
	Map          belief.MapConfig    `yaml:"map"`
	Priors       []belief.Prior      `yaml:"priors"`
	KeepOut      []motion.KeepOut    `yaml:"keep_out"`
	StayInBounds bool                `yaml:"stay_in_bounds"`
	Reward       reward.Config       `yaml:"reward"`
	Planner      planner.Config      `yaml:"planner"`
	Sim          sim.Config          `yaml:"sim"`

	// source names the file (or embedded scenario) for error messages; dir
	// resolves relative table files.
	source string
	dir    string
	files  fs.FS
	// priorKeys names, for error messages, the mission-file entry each
	// prior came from (a {file} entry expands into several priors).
	priorKeys []string
}

// priorKey names prior i as the mission file wrote it.
func (m *Mission) priorKey(i int) string {
	if i < len(m.priorKeys) {
		return m.priorKeys[i]
	}
	return fmt.Sprintf("priors[%d]", i)
}

// InputError is bad user input: a malformed mission, path file or flag. The
// command prints it on one line and exits with status 2.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

func inputErrorf(format string, args ...any) error {
	return &InputError{Err: fmt.Errorf(format, args...)}
}

//go:embed scenarios/*.yaml scenarios/*.kml
var scenarioFS embed.FS

// scenarioNames lists the embedded example missions.
func scenarioNames() []string {
	entries, _ := fs.ReadDir(scenarioFS, "scenarios")
	var names []string
	for _, e := range entries {
		// Scenarios may ship the shape files they reference; those are not missions.
		if name, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// scenarioText returns an embedded mission file by name.
func scenarioText(name string) ([]byte, bool) {
	b, err := scenarioFS.ReadFile("scenarios/" + name + ".yaml")
	return b, err == nil
}

// loadMission reads a mission by file path or by embedded scenario name.
func loadMission(ref string) (*Mission, error) {
	if b, ok := scenarioText(ref); ok && !fileExists(ref) {
		dir, _ := fs.Sub(scenarioFS, "scenarios")
		return parseMission(b, "scenario "+ref, "", dir)
	}
	b, err := os.ReadFile(ref)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, inputErrorf("%s: no such mission file or scenario (scenarios: %s)", ref, strings.Join(scenarioNames(), ", "))
		}
		return nil, inputErrorf("%s: %w", ref, err)
	}
	dir := filepath.Dir(ref)
	return parseMission(b, ref, dir, os.DirFS(dir))
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// parseMission decodes a mission strictly (unknown keys are errors), applies
// defaults and validates every section. Errors name the source, the line
// where known, and the key path.
func parseMission(data []byte, source, dir string, files fs.FS) (*Mission, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, inputErrorf("%s: %s", source, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return nil, inputErrorf("%s: empty mission file (map.bounds is required)", source)
	}
	m := &Mission{source: source, dir: dir, files: files}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(m); err != nil && !errors.Is(err, io.EOF) {
		return nil, &InputError{Err: fmt.Errorf("%s: %s", source, describeYAMLError(err, &doc))}
	}
	if err := m.resolveGeo(); err != nil {
		return nil, &InputError{Err: fmt.Errorf("%s: %w", source, err)}
	}
	if err := m.validate(); err != nil {
		return nil, &InputError{Err: fmt.Errorf("%s: %w", source, err)}
	}
	return m, nil
}

var (
	lineRe    = regexp.MustCompile(`line (\d+)(?: column (\d+))?: (.*)`)
	unknownRe = regexp.MustCompile(`^field (\S+) not found in type`)
	valueRe   = regexp.MustCompile("`([^`]*)`")
)

// describeYAMLError turns the decoder's messages into "line N: key.path: problem".
func describeYAMLError(err error, doc *yaml.Node) string {
	var msgs []string
	if te, ok := err.(*yaml.TypeError); ok {
		msgs = te.Errors
	} else {
		msgs = []string{strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	keys := mappingKeys(doc)
	out := make([]string, 0, len(msgs))
	for _, msg := range msgs {
		sm := lineRe.FindStringSubmatch(msg)
		if sm == nil {
			out = append(out, msg)
			continue
		}
		line, _ := strconv.Atoi(sm[1])
		problem := sm[3]
		if sm[2] != "" {
			// The decoder named the exact node (geom does): its path is
			// certain even in a flow-style list on one line.
			column, _ := strconv.Atoi(sm[2])
			if k, ok := findKey(keys, line, func(k keyAt) bool { return k.valueColumn == column && k.valueLine == line }); ok {
				out = append(out, fmt.Sprintf("line %d: %s: %s", line, k.path, problem))
				continue
			}
		}
		if um := unknownRe.FindStringSubmatch(problem); um != nil {
			path := um[1]
			if k, ok := findKey(keys, line, func(k keyAt) bool { return k.name == um[1] }); ok {
				path = k.path
			}
			out = append(out, fmt.Sprintf("line %d: %s: unknown key", line, path))
			continue
		}
		value := ""
		if vm := valueRe.FindStringSubmatch(problem); vm != nil {
			value = vm[1]
		}
		k, ok := findKey(keys, line, func(k keyAt) bool { return value != "" && k.value == value })
		if !ok {
			k, ok = findKey(keys, line, func(keyAt) bool { return true })
		}
		if ok {
			out = append(out, fmt.Sprintf("line %d: %s: %s", line, k.path, problem))
		} else {
			out = append(out, msg)
		}
	}
	return strings.Join(out, "; ")
}

// keyAt is one mapping key of a YAML document: where it is, where its value
// starts, its dotted path (sequence items as [i]) and, for scalar values,
// the value as written.
type keyAt struct {
	line                   int
	valueLine, valueColumn int
	name, path             string
	value                  string
}

func mappingKeys(doc *yaml.Node) []keyAt {
	var keys []keyAt
	var walk func(n *yaml.Node, prefix string)
	walk = func(n *yaml.Node, prefix string) {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, prefix)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				p := k.Value
				if prefix != "" {
					p = prefix + "." + k.Value
				}
				keys = append(keys, keyAt{line: k.Line, valueLine: v.Line, valueColumn: v.Column, name: k.Value, path: p, value: v.Value})
				walk(v, p)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				p := fmt.Sprintf("%s[%d]", prefix, i)
				keys = append(keys, keyAt{line: c.Line, valueLine: c.Line, valueColumn: c.Column, path: p, value: c.Value})
				walk(c, p)
			}
		}
	}
	walk(doc, "")
	return keys
}

// findKey returns the deepest key on line that matches.
func findKey(keys []keyAt, line int, match func(keyAt) bool) (keyAt, bool) {
	var best keyAt
	found := false
	for _, k := range keys {
		if k.line == line && match(k) && (!found || len(k.path) > len(best.path)) {
			best, found = k, true
		}
	}
	return best, found
}

// validate applies defaults and checks every section, naming the key path.
func (m *Mission) validate() error {
	m.Vehicle = m.Vehicle.WithDefaults()
	m.Map = m.Map.WithDefaults()
	m.Sensor = m.Sensor.WithDefaults()
	m.Planner = m.Planner.WithDefaults()
	m.Sim = m.Sim.WithDefaults()
	checks := []func() error{
		m.Vehicle.Validate,
		m.Map.Validate,
		m.Sensor.Validate,
		func() error {
			for i, p := range m.Priors {
				if err := p.Validate(); err != nil {
					return fmt.Errorf("%s.%w", m.priorKey(i), err)
				}
			}
			return nil
		},
		func() error { return motion.ValidateKeepOuts(m.KeepOut) },
		m.Budget.Validate,
		m.Reward.Validate,
		m.Planner.Validate,
		m.Sim.Validate,
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// openTable resolves a sensor table file named in the mission, relative to the
// mission file.
func (m *Mission) openTable(name string) (io.Reader, error) {
	if m.files == nil {
		return nil, fmt.Errorf("%s: table files can only be read from a mission file on disk", name)
	}
	b, err := fs.ReadFile(m.files, filepath.ToSlash(name))
	if err != nil {
		return nil, err
	}
	return bytes.NewReader(b), nil
}

// World is a mission turned into the objects the algorithm packages use.
type World struct {
	Mission   *Mission
	Grid      *belief.Grid
	Sensor    *belief.Sensor
	Model     motion.Model
	Validator *motion.Validator
	Start     motion.Pose
	Problem   planner.Problem
}

// build constructs the grid, the sensor, the motion model and the planner
// problem. Nothing is half-applied: any error leaves no World.
func (m *Mission) build() (*World, error) {
	wrap := func(err error) error { return &InputError{Err: fmt.Errorf("%s: %w", m.source, err)} }
	grid, err := belief.NewGrid(m.Map, m.Priors)
	if err != nil {
		return nil, wrap(err)
	}
	sensor, err := belief.NewSensor(m.Sensor, m.openTable)
	if err != nil {
		return nil, wrap(err)
	}
	for i, p := range m.Priors {
		if p.SensorModel != nil && !sensor.HasModel(*p.SensorModel) {
			return nil, wrap(fmt.Errorf("%s.sensor_model: sensor.models defines no model %d", m.priorKey(i), *p.SensorModel))
		}
	}
	model, err := motion.NewModel(m.Vehicle)
	if err != nil {
		return nil, wrap(err)
	}
	validator, err := motion.NewValidator(m.KeepOut, geom.Polygon(grid.Bounds), m.StayInBounds)
	if err != nil {
		return nil, wrap(err)
	}
	start := m.Vehicle.StartState()
	lo, hi := m.Vehicle.AltitudeRange()
	w := &World{Mission: m, Grid: grid, Sensor: sensor, Model: model, Validator: validator, Start: start}
	w.Problem = planner.Problem{
		Model: model, Validator: validator, Grid: grid, Sensor: sensor, Reward: m.Reward,
		Altitude: m.Vehicle.Altitude, AltitudeMin: lo, AltitudeMax: hi,
		Budget: m.Budget, Config: m.Planner,
	}
	return w, nil
}

// buildPlanner builds the mission's world and the planner its planner.kind
// names.
func (m *Mission) buildPlanner() (*World, planner.Replanner, error) {
	w, err := m.build()
	if err != nil {
		return nil, nil, err
	}
	p, err := planner.Build(w.Problem)
	if err != nil {
		return nil, nil, &InputError{Err: fmt.Errorf("%s: %w", m.source, err)}
	}
	return w, p, nil
}

// writeScenario writes embedded scenario name (text b) into dir together
// with the embedded files its `file:` keys reference, so the copy loads and
// can be tuned on its own.
func writeScenario(dir, name string, b []byte, stdout io.Writer) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return err
	}
	files := map[string][]byte{name + ".yaml": b}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for i, c := range n.Content {
			if n.Kind == yaml.MappingNode && i%2 == 0 && c.Value == "file" && i+1 < len(n.Content) {
				ref := n.Content[i+1].Value
				if data, err := scenarioFS.ReadFile("scenarios/" + ref); err == nil {
					files[ref] = data
				}
			}
			walk(c)
		}
	}
	walk(&doc)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &InputError{Err: err}
	}
	for _, f := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(dir, f)
		if err := os.WriteFile(p, files[f], 0o644); err != nil {
			return &InputError{Err: err}
		}
		fmt.Fprintln(stdout, p)
	}
	return nil
}
