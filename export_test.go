package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/geo"
	"github.com/tigris-uav/tigris/motion"
)

// fieldGeo loads the embedded geodetic scenario and a short plan over it.
func fieldGeo(t *testing.T) (*Mission, *World, []motion.Pose) {
	t.Helper()
	m, err := loadMission("field-geo")
	if err != nil {
		t.Fatal(err)
	}
	w, err := m.build()
	if err != nil {
		t.Fatal(err)
	}
	poses := []motion.Pose{w.Start}
	for _, p := range [][3]float64{{100, 100, 30}, {300, 200, 35}, {450, 400, 30}} {
		q := w.Start
		q.X, q.Y, q.Z = p[0], p[1], p[2]
		q.Heading = math.Pi
		poses = append(poses, q)
	}
	return m, w, poses
}

func scenarioShape(t *testing.T, name string, kind geo.Kind) geo.Shape {
	t.Helper()
	dir, _ := fs.Sub(scenarioFS, "scenarios")
	shapes, err := geo.Load(dir, "field-geo.kml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := geo.Select(shapes, name, nil, kind)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestScenarioRoundTrip is the acceptance check: the field's polygon, imported from KML into the
// local frame and exported again as KML and GeoJSON, matches the original within 1e-7 degrees.
func TestScenarioRoundTrip(t *testing.T) {
	m, w, poses := fieldGeo(t)
	dir := t.TempDir()
	for _, c := range []struct{ exported, original string }{
		{"Search area", "Search area"},
		{"Keep-out 1", "Farmhouse"},
	} {
		want := scenarioShape(t, c.original, geo.KindPolygon)
		for _, ext := range []string{".kml", ".geojson"} {
			path := filepath.Join(dir, "plan"+ext)
			if err := writePlanFile(path, m, w, poses); err != nil {
				t.Fatal(err)
			}
			shapes, err := geo.Load(os.DirFS(dir), "plan"+ext)
			if err != nil {
				t.Fatal(err)
			}
			got, err := geo.Select(shapes, c.exported, nil, geo.KindPolygon)
			if err != nil {
				t.Fatal(err)
			}
			if ext == ".geojson" && geoRingArea(got.Coords)*geoRingArea(want.Coords) < 0 {
				// GeoJSON rings are counter-clockwise: compare with the original reversed.
				got.Coords = append(got.Coords[:1], reversed(got.Coords[1:])...)
			}
			if len(got.Coords) != len(want.Coords) {
				t.Fatalf("%s %s: %d vertices, want %d", ext, c.exported, len(got.Coords), len(want.Coords))
			}
			for i := range want.Coords {
				d := math.Max(math.Abs(got.Coords[i].Lat-want.Coords[i].Lat), math.Abs(got.Coords[i].Lon-want.Coords[i].Lon))
				if d > 1e-7 {
					t.Errorf("%s %s vertex %d: %+v, want %+v (%g° off)", ext, c.exported, i, got.Coords[i], want.Coords[i], d)
				}
			}
		}
	}
}

func geoRingArea(r []geo.LatLon) float64 {
	a := 0.0
	for i := range r {
		p, q := r[i], r[(i+1)%len(r)]
		a += p.Lon*q.Lat - q.Lon*p.Lat
	}
	return a
}

func reversed(r []geo.LatLon) []geo.LatLon {
	out := make([]geo.LatLon, len(r))
	for i, c := range r {
		out[len(r)-1-i] = c
	}
	return out
}

func TestWritePlanFileFormats(t *testing.T) {
	m, w, poses := fieldGeo(t)
	dir := t.TempDir()
	write := func(name string) []byte {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := writePlanFile(path, m, w, poses); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	lat, lon := m.Origin.Unproject(r2.Vec{X: w.Start.X, Y: w.Start.Y})

	var plan struct {
		FileType string `json:"fileType"`
		Mission  struct {
			VehicleType int        `json:"vehicleType"`
			Home        [3]float64 `json:"plannedHomePosition"`
			Items       []struct{ Params []*float64 }
		} `json:"mission"`
		GeoFence struct {
			Polygons []struct{ Inclusion bool } `json:"polygons"`
			Circles  []struct {
				Circle struct{ Radius float64 } `json:"circle"`
			} `json:"circles"`
		} `json:"geoFence"`
		Rally struct{ Points [][3]float64 } `json:"rallyPoints"`
	}
	if err := json.Unmarshal(write("p.plan"), &plan); err != nil {
		t.Fatal(err)
	}
	if plan.FileType != "Plan" || plan.Mission.VehicleType != geo.MAVTypeHexarotor || len(plan.Mission.Items) != len(poses) {
		t.Errorf("plan: fileType %q, vehicle %d, %d items", plan.FileType, plan.Mission.VehicleType, len(plan.Mission.Items))
	}
	if plan.Mission.Home != [3]float64{lat, lon, 335} {
		t.Errorf("home %v, want the start over the origin's altitude (%v, %v, 335)", plan.Mission.Home, lat, lon)
	}
	item := plan.Mission.Items[2].Params
	if *item[3] != 180+90 || *item[6] != 35 {
		t.Errorf("item 2: yaw %v (want 270: west), alt %v (want 35)", *item[3], *item[6])
	}
	if f := plan.GeoFence; len(f.Polygons) != 2 || !f.Polygons[0].Inclusion || f.Polygons[1].Inclusion ||
		len(f.Circles) != 1 || f.Circles[0].Circle.Radius != 35 {
		t.Errorf("geofence %+v: want the search area (inclusion), the farmhouse and the mast (exclusion)", f)
	}
	if len(plan.Rally.Points) != 1 || plan.Rally.Points[0] != [3]float64{lat, lon, 30} {
		t.Errorf("rally points %v, want the start at 30 m", plan.Rally.Points)
	}

	wpl := strings.Split(string(write("p.waypoints")), "\n")
	if wpl[0] != "QGC WPL 110" || len(wpl) != len(poses)+3 || !strings.HasPrefix(wpl[2], "1\t0\t3\t16\t") {
		t.Errorf("waypoints file:\n%s", strings.Join(wpl, "\n"))
	}

	kmlShapes, err := geo.ReadKML(bytes.NewReader(write("p.kml")))
	if err != nil {
		t.Fatal(err)
	}
	path, err := geo.Select(kmlShapes, "Flight path", nil, geo.KindLine)
	if err != nil || len(path.Coords) != len(poses) || path.Coords[3].Alt != 30 {
		t.Errorf("KML flight path %+v, %v", path, err)
	}

	gj, err := geo.ReadGeoJSON(write("p.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := geo.Select(gj, "field-geo", nil, geo.KindLine); err != nil {
		t.Error(err)
	}

	var local struct {
		Mission   string      `json:"mission"`
		Origin    *geo.Origin `json:"origin"`
		Waypoints []struct {
			X, Y, Z       float64
			Lat, Lon, Alt *float64
		} `json:"waypoints"`
	}
	if err := json.Unmarshal(write("p.json"), &local); err != nil {
		t.Fatal(err)
	}
	if local.Mission != "field-geo" || *local.Origin != *m.Origin || len(local.Waypoints) != len(poses) ||
		local.Waypoints[1].X != 100 || local.Waypoints[1].Lat == nil || *local.Waypoints[1].Alt != 365 {
		t.Errorf("local plan %+v", local)
	}
}

func TestWritePlanFileErrors(t *testing.T) {
	m, w, poses := fieldGeo(t)
	local, err := loadMission("field-multirotor")
	if err != nil {
		t.Fatal(err)
	}
	lw, err := local.build()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, c := range []struct {
		m     *Mission
		w     *World
		path  string
		poses []motion.Pose
		want  string
		input bool
	}{
		{local, lw, "x.plan", poses, "-out x.plan: a QGroundControl plan file needs lat/lon, but scenario field-multirotor has no origin: " +
			"add origin: {lat, lon, alt} to the mission, or write local coordinates with -out F.json", true},
		{local, lw, "x.KML", poses, "-out x.KML: a KML file needs lat/lon, but scenario field-multirotor has no origin: " +
			"add origin: {lat, lon, alt} to the mission, or write local coordinates with -out F.json", true},
		{m, w, "x.shp", poses, `-out x.shp: unknown format ".shp" (want .plan, .waypoints, .kml, .geojson or .json)`, true},
		{m, w, "x.plan", nil, "-out x.plan: no waypoints to write", false},
		{m, w, filepath.Join(dir, "no", "such", "x.plan"), poses, "-out: open " + filepath.Join(dir, "no", "such", "x.plan") + ": no such file or directory", true},
	} {
		err := writePlanFile(c.path, c.m, c.w, c.poses)
		var ie *InputError
		if err == nil || err.Error() != c.want || errors.As(err, &ie) != c.input {
			t.Errorf("writePlanFile(%s) = %v (input error: %v)\nwant %s (input error: %v)", c.path, err, errors.As(err, &ie), c.want, c.input)
		}
	}
	if err := writePlanFile(filepath.Join(dir, "ok.json"), local, lw, poses); err != nil {
		t.Errorf("local coordinates need no origin: %v", err)
	}
}

func TestPlanOutFlag(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "field.plan")
	code, stdout, stderr := runCLI(t, "plan", "-mission", "field-geo", "-iters", "30", "-json", "-out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res planOutput
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var plan struct {
		Mission struct{ Items []any } `json:"mission"`
	}
	if err := json.Unmarshal(b, &plan); err != nil || len(plan.Mission.Items) != len(res.Waypoints) {
		t.Errorf("%s: %d items for %d waypoints (%v)", out, len(plan.Mission.Items), len(res.Waypoints), err)
	}

	// A format that needs an origin fails before any planning, with status 2.
	code, _, stderr = runCLI(t, "plan", "-mission", "field-multirotor", "-iters", "1000000", "-out", filepath.Join(dir, "x.kml"))
	if code != 2 || !strings.Contains(stderr, "has no origin") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.kml")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed -out left a file: %v", err)
	}
}

// The example geodetic mission runs closed-loop.
func TestFieldGeoSim(t *testing.T) {
	code, stdout, stderr := runCLI(t, "sim", "-mission", "field-geo", "-iters", "5", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res struct {
		Mission   string  `json:"mission"`
		Distance  float64 `json:"distance_m"`
		Replans   int     `json:"replans"`
		SeenStart float64 `json:"entropy_start"`
		SeenEnd   float64 `json:"entropy_end"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}
	if res.Mission != "field-geo" || res.Distance <= 0 || res.Replans == 0 || res.SeenEnd >= res.SeenStart {
		t.Errorf("sim summary %+v", res)
	}
}

func TestCompassDeg(t *testing.T) {
	for _, c := range []struct{ heading, want float64 }{
		{0, 90}, {math.Pi / 2, 0}, {math.Pi, 270}, {-math.Pi / 2, 180}, {-math.Pi, 270}, {math.Pi / 4, 45}, {3 * math.Pi / 4, 315},
	} {
		if got := compassDeg(c.heading); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("compassDeg(%v) = %v, want %v", c.heading, got, c.want)
		}
	}
}
