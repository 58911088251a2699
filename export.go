package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/geo"
	"github.com/tigris-uav/tigris/motion"
)

// planFormats maps an -out extension to what it writes and whether it needs
// lat/lon (and so the mission's origin).
var planFormats = map[string]struct {
	desc      string
	geodetic  bool
	writeFunc func(p *geo.Plan, b *bytes.Buffer) error
}{
	".plan":      {"QGroundControl plan", true, func(p *geo.Plan, b *bytes.Buffer) error { return p.WriteQGC(b) }},
	".waypoints": {"QGC WPL 110 waypoints", true, func(p *geo.Plan, b *bytes.Buffer) error { return p.WriteWPL(b) }},
	".kml":       {"KML", true, func(p *geo.Plan, b *bytes.Buffer) error { return p.WriteKML(b) }},
	".geojson":   {"GeoJSON", true, func(p *geo.Plan, b *bytes.Buffer) error { return p.WriteGeoJSON(b) }},
	".json":      {"JSON waypoints", false, nil},
}

// checkPlanOut reports, before any planning, an -out file whose format is
// unknown or needs an origin the mission lacks.
func checkPlanOut(path string, m *Mission) error {
	ext := strings.ToLower(filepath.Ext(path))
	f, ok := planFormats[ext]
	if !ok {
		return inputErrorf("-out %s: unknown format %q (want .plan, .waypoints, .kml, .geojson or .json)", path, ext)
	}
	if f.geodetic && m.Origin == nil {
		return inputErrorf("-out %s: a %s file needs lat/lon, but %s has no origin: add origin: {lat, lon, alt} to the mission, or write local coordinates with -out F.json",
			path, f.desc, m.source)
	}
	return nil
}

// writePlanFile writes poses (a plan, or a flown path) to path in the format
// its extension names: .plan (QGroundControl), .waypoints (QGC WPL 110),
// .kml, .geojson, or .json (local coordinates, plus lat/lon with an origin).
// The geofence is the search area (inclusion) and the keep-out zones
// (exclusion); the start position is the home and the rally point.
func writePlanFile(path string, m *Mission, w *World, poses []motion.Pose) error {
	if err := checkPlanOut(path, m); err != nil {
		return err
	}
	if len(poses) == 0 {
		return fmt.Errorf("-out %s: no waypoints to write", path)
	}
	f := planFormats[strings.ToLower(filepath.Ext(path))]
	var buf bytes.Buffer
	var err error
	if f.writeFunc == nil {
		err = writeLocalPlan(&buf, m, poses)
	} else {
		err = f.writeFunc(geoPlan(m, w, poses), &buf)
	}
	if err != nil {
		return fmt.Errorf("-out %s: %w", path, err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return &InputError{Err: fmt.Errorf("-out: %w", err)}
	}
	return nil
}

// geoPlan turns a local plan into a geodetic one; m.Origin must be set.
func geoPlan(m *Mission, w *World, poses []motion.Pose) *geo.Plan {
	o := *m.Origin
	at := func(v r2.Vec, alt float64) geo.LatLon {
		lat, lon := o.Unproject(v)
		return geo.LatLon{Lat: lat, Lon: lon, Alt: alt}
	}
	start := at(r2.Vec{X: w.Start.X, Y: w.Start.Y}, w.Start.Z)
	p := &geo.Plan{
		Name:        m.Name,
		Home:        geo.LatLon{Lat: start.Lat, Lon: start.Lon, Alt: o.Alt},
		VehicleType: geo.MAVTypeFixedWing,
		CruiseSpeed: m.Vehicle.Speed,
		HoverSpeed:  m.Vehicle.Speed,
		Rally:       []geo.LatLon{start},
	}
	if m.Vehicle.Kind == motion.KindMultirotor {
		p.VehicleType = geo.MAVTypeHexarotor
	}
	for _, s := range poses {
		c := at(r2.Vec{X: s.X, Y: s.Y}, s.Z)
		p.Waypoints = append(p.Waypoints, geo.Waypoint{Lat: c.Lat, Lon: c.Lon, Alt: s.Z, Yaw: compassDeg(s.Heading)})
	}
	fence := func(name string, inclusion bool, poly []r2.Vec) geo.FencePolygon {
		fp := geo.FencePolygon{Name: name, Inclusion: inclusion}
		for _, v := range poly {
			fp.Coords = append(fp.Coords, at(v, 0))
		}
		return fp
	}
	p.Polygons = append(p.Polygons, fence("Search area", true, w.Grid.Bounds))
	for i, z := range m.KeepOut {
		name := fmt.Sprintf("Keep-out %d", i+1)
		if z.Circle != nil {
			p.Circles = append(p.Circles, geo.FenceCircle{Name: name, Center: at(z.Circle.Center.Vec(), 0), Radius: z.Circle.Radius})
			continue
		}
		poly := make([]r2.Vec, len(z.Polygon))
		for j, v := range z.Polygon {
			poly[j] = v.Vec()
		}
		p.Polygons = append(p.Polygons, fence(name, false, poly))
	}
	return p
}

// compassDeg converts a heading in radians counter-clockwise from east to
// compass degrees clockwise from north, in [0, 360).
func compassDeg(heading float64) float64 {
	d := math.Mod(90-heading*180/math.Pi, 360)
	if d < 0 {
		d += 360
	}
	return d
}

// localWaypoint is a pose in the mission's frame, with its lat/lon and
// altitude above mean sea level when the mission has an origin.
type localWaypoint struct {
	waypoint
	Lat *float64 `json:"lat,omitempty"`
	Lon *float64 `json:"lon,omitempty"`
	Alt *float64 `json:"alt,omitempty"`
}

// writeLocalPlan writes the .json format: the mission name, its origin if
// any, and the waypoints as `plan -json` prints them.
func writeLocalPlan(buf *bytes.Buffer, m *Mission, poses []motion.Pose) error {
	out := struct {
		Mission   string          `json:"mission"`
		Origin    *geo.Origin     `json:"origin,omitempty"`
		Waypoints []localWaypoint `json:"waypoints"`
	}{Mission: m.Name, Origin: m.Origin}
	for _, s := range poses {
		lw := localWaypoint{waypoint: toWaypoint(s)}
		if m.Origin != nil {
			lat, lon := m.Origin.Unproject(r2.Vec{X: s.X, Y: s.Y})
			alt := round3(m.Origin.Alt + s.Z)
			lw.Lat, lw.Lon, lw.Alt = &lat, &lon, &alt
		}
		out.Waypoints = append(out.Waypoints, lw)
	}
	enc := json.NewEncoder(buf)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
