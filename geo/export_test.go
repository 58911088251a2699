package geo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
)

func testPlan(vehicle int) *Plan {
	return &Plan{
		Name:        "test",
		Home:        LatLon{Lat: 47.3977419, Lon: 8.545594, Alt: 487.989},
		VehicleType: vehicle,
		Autopilot:   MAVAutopilotPX4,
		CruiseSpeed: 15, HoverSpeed: 5,
		Waypoints: []Waypoint{
			{Lat: 47.3977419, Lon: 8.545594, Alt: 30, Yaw: 45},
			{Lat: 47.3985099, Lon: 8.5451002, Alt: 50, Yaw: 270.5},
		},
		Polygons: []FencePolygon{
			{Name: "Search area", Inclusion: true, Coords: []LatLon{{Lat: 47.397, Lon: 8.544}, {Lat: 47.397, Lon: 8.548}, {Lat: 47.400, Lon: 8.548}}},
			{Name: "Keep-out 1", Coords: []LatLon{{Lat: 47.398, Lon: 8.545}, {Lat: 47.3985, Lon: 8.546}, {Lat: 47.398, Lon: 8.546}}}, // clockwise
		},
		Circles: []FenceCircle{{Name: "Keep-out 2", Center: LatLon{Lat: 47.399, Lon: 8.547}, Radius: 25}},
		Rally:   []LatLon{{Lat: 47.3977419, Lon: 8.545594, Alt: 30}},
	}
}

// TestWriteQGCSchema checks the fields QGroundControl's plan loader requires (its
// "Plan File Format" page): file, mission, item, geofence and rally versions and keys.
func TestWriteQGCSchema(t *testing.T) {
	for _, c := range []struct {
		vehicle int
		yaw     []any
	}{
		{MAVTypeFixedWing, []any{nil, nil}},
		{MAVTypeHexarotor, []any{45.0, 270.5}},
	} {
		var buf bytes.Buffer
		if err := testPlan(c.vehicle).WriteQGC(&buf); err != nil {
			t.Fatal(err)
		}
		var f map[string]any
		if err := json.Unmarshal(buf.Bytes(), &f); err != nil {
			t.Fatal(err)
		}
		check := func(path string, got, want any) {
			t.Helper()
			if !reflect.DeepEqual(got, want) {
				t.Errorf("vehicle %d: %s = %#v, want %#v", c.vehicle, path, got, want)
			}
		}
		check("fileType", f["fileType"], "Plan")
		check("version", f["version"], 1.0)
		check("groundStation", f["groundStation"], "QGroundControl")
		m := f["mission"].(map[string]any)
		check("mission.version", m["version"], 2.0)
		check("mission.firmwareType", m["firmwareType"], 12.0)
		check("mission.vehicleType", m["vehicleType"], float64(c.vehicle))
		check("mission.globalPlanAltitudeMode", m["globalPlanAltitudeMode"], 1.0)
		check("mission.cruiseSpeed", m["cruiseSpeed"], 15.0)
		check("mission.hoverSpeed", m["hoverSpeed"], 5.0)
		check("mission.plannedHomePosition", m["plannedHomePosition"], []any{47.3977419, 8.545594, 487.989})
		items := m["items"].([]any)
		check("len(mission.items)", len(items), 2)
		for i, it := range items {
			it := it.(map[string]any)
			p := fmt.Sprintf("mission.items[%d]", i)
			wp := testPlan(c.vehicle).Waypoints[i]
			check(p+".type", it["type"], "SimpleItem")
			check(p+".command", it["command"], 16.0)
			check(p+".frame", it["frame"], 3.0)
			check(p+".doJumpId", it["doJumpId"], float64(i+1))
			check(p+".autoContinue", it["autoContinue"], true)
			check(p+".AltitudeMode", it["AltitudeMode"], 1.0)
			check(p+".Altitude", it["Altitude"], wp.Alt)
			check(p+".AMSLAltAboveTerrain", it["AMSLAltAboveTerrain"], nil)
			check(p+".params", it["params"], []any{0.0, 0.0, 0.0, c.yaw[i], wp.Lat, wp.Lon, wp.Alt})
		}
		g := f["geoFence"].(map[string]any)
		check("geoFence.version", g["version"], 2.0)
		check("geoFence.polygons", g["polygons"], []any{
			map[string]any{"inclusion": true, "version": 1.0, "polygon": []any{[]any{47.397, 8.544}, []any{47.397, 8.548}, []any{47.4, 8.548}}},
			map[string]any{"inclusion": false, "version": 1.0, "polygon": []any{[]any{47.398, 8.545}, []any{47.3985, 8.546}, []any{47.398, 8.546}}},
		})
		check("geoFence.circles", g["circles"], []any{map[string]any{
			"inclusion": false, "version": 1.0, "circle": map[string]any{"center": []any{47.399, 8.547}, "radius": 25.0}}})
		r := f["rallyPoints"].(map[string]any)
		check("rallyPoints", r, map[string]any{"version": 2.0, "points": []any{[]any{47.3977419, 8.545594, 30.0}}})
	}
}

func TestWriteQGCEmptyFence(t *testing.T) {
	p := testPlan(MAVTypeFixedWing)
	p.Polygons, p.Circles, p.Rally = nil, nil, nil
	var buf bytes.Buffer
	if err := p.WriteQGC(&buf); err != nil {
		t.Fatal(err)
	}
	// QGroundControl wants the arrays present, even empty.
	for _, want := range []string{`"circles": []`, `"polygons": []`, `"points": []`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("plan lacks %s:\n%s", want, buf.String())
		}
	}
}

// TestWriteWPL pins the QGC WPL 110 text line by line: a header, home as item 0 (current,
// absolute frame), then the waypoints in the relative frame, fields separated by tabs.
func TestWriteWPL(t *testing.T) {
	for _, c := range []struct {
		vehicle int
		want    []string
	}{
		{MAVTypeFixedWing, []string{
			"QGC WPL 110",
			"0\t1\t0\t16\t0.00000000\t0.00000000\t0.00000000\t0.00000000\t47.39774190\t8.54559400\t487.989000\t1",
			"1\t0\t3\t16\t0.00000000\t0.00000000\t0.00000000\t0.00000000\t47.39774190\t8.54559400\t30.000000\t1",
			"2\t0\t3\t16\t0.00000000\t0.00000000\t0.00000000\t0.00000000\t47.39850990\t8.54510020\t50.000000\t1",
		}},
		{MAVTypeQuadrotor, []string{
			"QGC WPL 110",
			"0\t1\t0\t16\t0.00000000\t0.00000000\t0.00000000\t0.00000000\t47.39774190\t8.54559400\t487.989000\t1",
			"1\t0\t3\t16\t0.00000000\t0.00000000\t0.00000000\t45.00000000\t47.39774190\t8.54559400\t30.000000\t1",
			"2\t0\t3\t16\t0.00000000\t0.00000000\t0.00000000\t270.50000000\t47.39850990\t8.54510020\t50.000000\t1",
		}},
	} {
		var buf bytes.Buffer
		if err := testPlan(c.vehicle).WriteWPL(&buf); err != nil {
			t.Fatal(err)
		}
		got := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
		if len(got) != len(c.want) {
			t.Fatalf("vehicle %d: %d lines, want %d:\n%s", c.vehicle, len(got), len(c.want), buf.String())
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("vehicle %d line %d:\n got %q\nwant %q", c.vehicle, i, got[i], c.want[i])
			}
			if i > 0 && len(strings.Split(got[i], "\t")) != 12 {
				t.Errorf("line %d has %d fields, want 12", i, len(strings.Split(got[i], "\t")))
			}
		}
	}
}

func TestPlanValidate(t *testing.T) {
	for _, c := range []struct {
		edit func(*Plan)
		want string
	}{
		{func(p *Plan) { p.Waypoints = nil }, "plan has no waypoints"},
		{func(p *Plan) { p.Home.Lat = 100 }, "home: latitude 100 or longitude 8.545594 out of range"},
		{func(p *Plan) { p.Waypoints[1].Lon = math.NaN() }, "waypoint 1: latitude 47.3985099 or longitude NaN out of range"},
		{func(p *Plan) { p.Waypoints[0].Alt = math.Inf(1) }, "waypoint 0: altitude +Inf or yaw 45 not finite"},
	} {
		p := testPlan(MAVTypeQuadrotor)
		c.edit(p)
		for name, write := range map[string]func(*bytes.Buffer) error{
			"qgc": func(b *bytes.Buffer) error { return p.WriteQGC(b) }, "wpl": func(b *bytes.Buffer) error { return p.WriteWPL(b) },
			"kml": func(b *bytes.Buffer) error { return p.WriteKML(b) }, "geojson": func(b *bytes.Buffer) error { return p.WriteGeoJSON(b) },
		} {
			var buf bytes.Buffer
			if err := write(&buf); fmt.Sprint(err) != c.want {
				t.Errorf("%s: got %v, want %s", name, err, c.want)
			}
		}
	}
}

// TestKMLRoundTrip is the import/export contract: a polygon read from KML, taken into the local
// frame and written out again, reads back within 1e-7 degrees (in fact to rounding).
func TestKMLRoundTrip(t *testing.T) {
	in, err := ReadKML(strings.NewReader(testKML))
	if err != nil {
		t.Fatal(err)
	}
	area, err := Select(in, "Search area", nil, KindPolygon)
	if err != nil {
		t.Fatal(err)
	}
	o := Origin{Lat: 47.004, Lon: 8.003, Alt: 420}
	p := testPlan(MAVTypeFixedWing)
	p.Polygons = []FencePolygon{{Name: "Search area", Inclusion: true}}
	for _, c := range area.Coords {
		lat, lon := o.Unproject(o.Project(c.Lat, c.Lon))
		p.Polygons[0].Coords = append(p.Polygons[0].Coords, LatLon{Lat: lat, Lon: lon})
	}
	var buf bytes.Buffer
	if err := p.WriteKML(&buf); err != nil {
		t.Fatal(err)
	}
	out, err := ReadKML(&buf)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Select(out, "Search area", nil, KindPolygon)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Coords) != len(area.Coords) {
		t.Fatalf("round trip: %d vertices, want %d", len(back.Coords), len(area.Coords))
	}
	for i := range back.Coords {
		if d := math.Max(math.Abs(back.Coords[i].Lat-area.Coords[i].Lat), math.Abs(back.Coords[i].Lon-area.Coords[i].Lon)); d > 1e-7 {
			t.Errorf("vertex %d: %+v, want %+v (off by %g°)", i, back.Coords[i], area.Coords[i], d)
		}
	}
}

func TestWriteKML(t *testing.T) {
	var buf bytes.Buffer
	if err := testPlan(MAVTypeQuadrotor).WriteKML(&buf); err != nil {
		t.Fatal(err)
	}
	shapes, err := ReadKML(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range shapes {
		got = append(got, fmt.Sprintf("%s/%s/%d", s.Name, s.Kind, len(s.Coords)))
	}
	want := []string{"Flight path/line/2", "WP 1/point/1", "WP 2/point/1", "Search area/polygon/3", "Keep-out 1/polygon/3",
		"Keep-out 2/polygon/72", "Rally 1/point/1"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("KML placemarks:\n got %q\nwant %q", got, want)
	}
	if c := shapes[0].Coords[1]; c != (LatLon{Lat: 47.3985099, Lon: 8.5451002, Alt: 50}) {
		t.Errorf("path vertex 1 = %+v", c)
	}
	if !strings.Contains(buf.String(), "<altitudeMode>relativeToGround</altitudeMode>") {
		t.Error("KML path is not relative to ground")
	}
	// The circle's vertices lie at its radius from its centre.
	o := Origin{Lat: 47.399, Lon: 8.547}
	for i, c := range shapes[5].Coords {
		if r := r2.Norm(o.Project(c.Lat, c.Lon)); math.Abs(r-25) > 1e-6 {
			t.Errorf("circle vertex %d at %v m from the centre, want 25", i, r)
		}
	}
}

func TestWriteGeoJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := testPlan(MAVTypeQuadrotor).WriteGeoJSON(&buf); err != nil {
		t.Fatal(err)
	}
	shapes, err := ReadGeoJSON(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range shapes {
		got = append(got, fmt.Sprintf("%s/%s/%s/%d", s.Name, s.Props["kind"], s.Kind, len(s.Coords)))
	}
	want := []string{"test/path/line/2", "WP 1/waypoint/point/1", "WP 2/waypoint/point/1", "Search area/inclusion/polygon/3",
		"Keep-out 1/exclusion/polygon/3", "Keep-out 2/exclusion/polygon/72", "Rally 1/rally/point/1"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("GeoJSON features:\n got %q\nwant %q", got, want)
	}
	path := shapes[0].Props
	if path["relative_alt"] != "[30,50]" || path["yaw_deg"] != "[45,270.5]" || path["home"] != "[8.545594,47.3977419,487.989]" {
		t.Errorf("path properties = %v", path)
	}
	wp := shapes[2].Props
	if wp["index"] != "2" || wp["relative_alt"] != "50" || wp["yaw_deg"] != "270.5" {
		t.Errorf("waypoint properties = %v", wp)
	}
	if c := shapes[5].Props; c["radius"] != "25" || c["center"] != "[8.547,47.399]" {
		t.Errorf("circle properties = %v", c)
	}
	// RFC 7946: exterior rings are counter-clockwise, closed by repeating the first position.
	var doc struct {
		Features []struct {
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for i, f := range doc.Features {
		if f.Geometry.Type != "Polygon" {
			continue
		}
		var rings [][][2]float64
		if err := json.Unmarshal(f.Geometry.Coordinates, &rings); err != nil {
			t.Fatal(err)
		}
		r := rings[0]
		if r[0] != r[len(r)-1] {
			t.Errorf("feature %d: ring not closed", i)
		}
		area := 0.0
		for j := range len(r) - 1 {
			area += r[j][0]*r[j+1][1] - r[j+1][0]*r[j][1]
		}
		if area <= 0 {
			t.Errorf("feature %d: ring is clockwise", i)
		}
	}
}
