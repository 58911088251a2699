package geo

import (
	"bufio"
	"encoding/json"
	"fmt"
	"image/color"
	"io"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/twpayne/go-kml/v3"
	"gonum.org/v1/gonum/spatial/r2"
)

// MAVLink enumeration values that the exported files use (common.xml).
const (
	// MAVCmdNavWaypoint is MAV_CMD_NAV_WAYPOINT: fly to a position.
	MAVCmdNavWaypoint = 16
	// MAVFrameGlobal is MAV_FRAME_GLOBAL: altitude above mean sea level.
	MAVFrameGlobal = 0
	// MAVFrameGlobalRelativeAlt is MAV_FRAME_GLOBAL_RELATIVE_ALT: altitude above home.
	MAVFrameGlobalRelativeAlt = 3

	// MAVTypeFixedWing is MAV_TYPE_FIXED_WING.
	MAVTypeFixedWing = 1
	// MAVTypeQuadrotor is MAV_TYPE_QUADROTOR.
	MAVTypeQuadrotor = 2
	// MAVTypeHexarotor is MAV_TYPE_HEXAROTOR.
	MAVTypeHexarotor = 13

	// MAVAutopilotGeneric is MAV_AUTOPILOT_GENERIC.
	MAVAutopilotGeneric = 0
	// MAVAutopilotArduPilot is MAV_AUTOPILOT_ARDUPILOTMEGA.
	MAVAutopilotArduPilot = 3
	// MAVAutopilotPX4 is MAV_AUTOPILOT_PX4.
	MAVAutopilotPX4 = 12
)

// Waypoint is one mission item of a Plan.
type Waypoint struct {
	// Lat and Lon are WGS84 degrees.
	Lat, Lon float64
	// Alt is metres above the home position (MAV_FRAME_GLOBAL_RELATIVE_ALT).
	Alt float64
	// Yaw is the heading to hold, in compass degrees (0 north, 90 east), [0, 360).
	Yaw float64
}

// FencePolygon is a geofence polygon; its vertices' Alt is unused.
type FencePolygon struct {
	Name      string
	Inclusion bool
	Coords    []LatLon
}

// FenceCircle is a geofence circle of Radius metres; its centre's Alt is unused.
type FenceCircle struct {
	Name      string
	Inclusion bool
	Center    LatLon
	Radius    float64
}

// Plan is a flight plan in geodetic coordinates, ready to be written for other tools: a
// waypoint mission, its geofence and rally points.
type Plan struct {
	// Name titles the KML and GeoJSON documents.
	Name string
	// Home is the planned home (launch) position; Home.Alt is its altitude above mean sea level,
	// the datum the relative altitudes of Waypoints and Rally count from.
	Home LatLon
	// Waypoints are flown in order.
	Waypoints []Waypoint
	// VehicleType is a MAV_TYPE (MAVTypeFixedWing, MAVTypeQuadrotor, ...). A fixed wing cannot
	// hold a yaw, so its waypoints leave the yaw parameter unset.
	VehicleType int
	// Autopilot is a MAV_AUTOPILOT; the zero value is MAVAutopilotGeneric.
	Autopilot int
	// CruiseSpeed and HoverSpeed are m/s, for the ground station's time estimates.
	CruiseSpeed, HoverSpeed float64
	// Polygons and Circles are the geofence.
	Polygons []FencePolygon
	Circles  []FenceCircle
	// Rally are safe points; their Alt is metres above home.
	Rally []LatLon
}

// holdsYaw reports whether the vehicle can point its nose (and camera) while it flies the plan.
func (p *Plan) holdsYaw() bool { return p.VehicleType != MAVTypeFixedWing }

// Validate reports a plan the file formats cannot express: no waypoints (QGroundControl rejects
// an empty mission), or a coordinate out of range or not finite.
func (p *Plan) Validate() error {
	if len(p.Waypoints) == 0 {
		return fmt.Errorf("plan has no waypoints")
	}
	if err := checkLatLon(p.Home); err != nil {
		return fmt.Errorf("home: %w", err)
	}
	for i, w := range p.Waypoints {
		if err := checkLatLon(LatLon{Lat: w.Lat, Lon: w.Lon}); err != nil {
			return fmt.Errorf("waypoint %d: %w", i, err)
		}
		if math.IsNaN(w.Alt) || math.IsInf(w.Alt, 0) || math.IsNaN(w.Yaw) || math.IsInf(w.Yaw, 0) {
			return fmt.Errorf("waypoint %d: altitude %v or yaw %v not finite", i, w.Alt, w.Yaw)
		}
	}
	return nil
}

// qgcPlan is QGroundControl's .plan file, version 1 (mission version 2, geofence version 2,
// rally points version 2).
type qgcPlan struct {
	FileType      string      `json:"fileType"`
	GeoFence      qgcGeoFence `json:"geoFence"`
	GroundStation string      `json:"groundStation"`
	Mission       qgcMission  `json:"mission"`
	RallyPoints   qgcRally    `json:"rallyPoints"`
	Version       int         `json:"version"`
}

type qgcGeoFence struct {
	Circles  []qgcCircle  `json:"circles"`
	Polygons []qgcPolygon `json:"polygons"`
	Version  int          `json:"version"`
}

type qgcCircle struct {
	Circle struct {
		Center [2]float64 `json:"center"`
		Radius float64    `json:"radius"`
	} `json:"circle"`
	Inclusion bool `json:"inclusion"`
	Version   int  `json:"version"`
}

type qgcPolygon struct {
	Inclusion bool         `json:"inclusion"`
	Polygon   [][2]float64 `json:"polygon"`
	Version   int          `json:"version"`
}

type qgcMission struct {
	CruiseSpeed            float64    `json:"cruiseSpeed"`
	FirmwareType           int        `json:"firmwareType"`
	GlobalPlanAltitudeMode int        `json:"globalPlanAltitudeMode"`
	HoverSpeed             float64    `json:"hoverSpeed"`
	Items                  []qgcItem  `json:"items"`
	PlannedHomePosition    [3]float64 `json:"plannedHomePosition"`
	VehicleType            int        `json:"vehicleType"`
	Version                int        `json:"version"`
}

type qgcItem struct {
	AMSLAltAboveTerrain *float64 `json:"AMSLAltAboveTerrain"`
	Altitude            float64  `json:"Altitude"`
	AltitudeMode        int      `json:"AltitudeMode"`
	AutoContinue        bool     `json:"autoContinue"`
	Command             int      `json:"command"`
	DoJumpID            int      `json:"doJumpId"`
	Frame               int      `json:"frame"`
	// Params are MAV_CMD parameters 1–7; JSON null stands for NaN ("unchanged").
	Params [7]*float64 `json:"params"`
	Type   string      `json:"type"`
}

type qgcRally struct {
	Points  [][3]float64 `json:"points"`
	Version int          `json:"version"`
}

// qgcAltitudeModeRelative is QGroundControl's AltitudeModeRelative: altitudes above home.
const qgcAltitudeModeRelative = 1

// WriteQGC writes the plan as a QGroundControl .plan file: JSON with fileType "Plan", one
// MAV_CMD_NAV_WAYPOINT item per waypoint in the relative-altitude frame, the geofence polygons
// and circles, and the rally points.
func (p *Plan) WriteQGC(w io.Writer) error {
	if err := p.Validate(); err != nil {
		return err
	}
	f := qgcPlan{
		FileType:      "Plan",
		GroundStation: "QGroundControl",
		Version:       1,
		GeoFence:      qgcGeoFence{Circles: []qgcCircle{}, Polygons: []qgcPolygon{}, Version: 2},
		RallyPoints:   qgcRally{Points: [][3]float64{}, Version: 2},
		Mission: qgcMission{
			CruiseSpeed:            p.CruiseSpeed,
			FirmwareType:           p.Autopilot,
			GlobalPlanAltitudeMode: qgcAltitudeModeRelative,
			HoverSpeed:             p.HoverSpeed,
			PlannedHomePosition:    [3]float64{p.Home.Lat, p.Home.Lon, p.Home.Alt},
			VehicleType:            p.VehicleType,
			Version:                2,
		},
	}
	for i, wp := range p.Waypoints {
		it := qgcItem{
			Altitude:     wp.Alt,
			AltitudeMode: qgcAltitudeModeRelative,
			AutoContinue: true,
			Command:      MAVCmdNavWaypoint,
			DoJumpID:     i + 1,
			Frame:        MAVFrameGlobalRelativeAlt,
			Type:         "SimpleItem",
		}
		// Hold time, acceptance radius and pass radius 0 let the autopilot use its defaults.
		it.Params = [7]*float64{ptr(0), ptr(0), ptr(0), nil, ptr(wp.Lat), ptr(wp.Lon), ptr(wp.Alt)}
		if p.holdsYaw() {
			it.Params[3] = ptr(wp.Yaw)
		}
		f.Mission.Items = append(f.Mission.Items, it)
	}
	for _, poly := range p.Polygons {
		q := qgcPolygon{Inclusion: poly.Inclusion, Version: 1}
		for _, c := range poly.Coords {
			q.Polygon = append(q.Polygon, [2]float64{c.Lat, c.Lon})
		}
		f.GeoFence.Polygons = append(f.GeoFence.Polygons, q)
	}
	for _, c := range p.Circles {
		q := qgcCircle{Inclusion: c.Inclusion, Version: 1}
		q.Circle.Center = [2]float64{c.Center.Lat, c.Center.Lon}
		q.Circle.Radius = c.Radius
		f.GeoFence.Circles = append(f.GeoFence.Circles, q)
	}
	for _, r := range p.Rally {
		f.RallyPoints.Points = append(f.RallyPoints.Points, [3]float64{r.Lat, r.Lon, r.Alt})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "    ")
	return enc.Encode(f)
}

func ptr(v float64) *float64 { return &v }

// WriteWPL writes the mission as a QGC WPL 110 text file, the format Mission Planner and
// QGroundControl read: a "QGC WPL 110" line, then one tab-separated line per item
// (index, current, frame, command, param1–4, latitude, longitude, altitude, autocontinue).
// Item 0 is the home position in the absolute frame, as ArduPilot numbers missions; the
// waypoints follow in the relative-altitude frame. It carries no geofence or rally points.
func (p *Plan) WriteWPL(w io.Writer) error {
	if err := p.Validate(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "QGC WPL 110")
	writeWPLItem(bw, 0, 1, MAVFrameGlobal, 0, p.Home.Lat, p.Home.Lon, p.Home.Alt)
	for i, wp := range p.Waypoints {
		yaw := 0.0
		if p.holdsYaw() {
			yaw = wp.Yaw
		}
		writeWPLItem(bw, i+1, 0, MAVFrameGlobalRelativeAlt, yaw, wp.Lat, wp.Lon, wp.Alt)
	}
	return bw.Flush()
}

func writeWPLItem(w io.Writer, index, current, frame int, yaw, lat, lon, alt float64) {
	fmt.Fprintf(w, "%d\t%d\t%d\t%d\t%.8f\t%.8f\t%.8f\t%.8f\t%.8f\t%.8f\t%.6f\t%d\n",
		index, current, frame, MAVCmdNavWaypoint, 0.0, 0.0, 0.0, yaw, lat, lon, alt, 1)
}

// circleVertices approximates a fence circle for formats without circles (KML, GeoJSON).
const circleVertices = 72

// ring returns the circle as a polygon: vertices at Radius on the tangent plane at the centre.
func (c FenceCircle) ring() []LatLon {
	o := Origin{Lat: c.Center.Lat, Lon: c.Center.Lon}
	out := make([]LatLon, circleVertices)
	for i := range out {
		s, co := math.Sincos(2 * math.Pi * float64(i) / circleVertices)
		lat, lon := o.Unproject(r2.Vec{X: c.Radius * co, Y: c.Radius * s})
		out[i] = LatLon{Lat: lat, Lon: lon}
	}
	return out
}

// KML colours are drawn in Google Earth's default style: a yellow path, green inclusion and red
// exclusion fences, filled half-transparently.
var (
	kmlPathColor      = color.RGBA{R: 255, G: 215, A: 255}
	kmlInclusionColor = color.RGBA{G: 200, A: 255}
	kmlExclusionColor = color.RGBA{R: 220, A: 255}
)

// WriteKML writes the plan as a KML document for Google Earth and GIS tools: the flight path as a
// LineString at its relative altitudes (altitudeMode relativeToGround), a folder of numbered
// waypoints, the geofence as polygons (circles drawn as 72-gons) and the rally points.
func (p *Plan) WriteKML(w io.Writer) error {
	if err := p.Validate(); err != nil {
		return err
	}
	path := make([]kml.Coordinate, len(p.Waypoints))
	wpts := kml.Folder(kml.Name("Waypoints"))
	for i, wp := range p.Waypoints {
		path[i] = kml.Coordinate{Lon: wp.Lon, Lat: wp.Lat, Alt: wp.Alt}
		wpts.Append(kml.Placemark(
			kml.Name(fmt.Sprintf("WP %d", i+1)),
			kml.Description(fmt.Sprintf("altitude %.1f m above home, heading %.1f°", wp.Alt, wp.Yaw)),
			kml.Point(kml.AltitudeMode(kml.AltitudeModeRelativeToGround), kml.Coordinates(path[i])),
		))
	}
	fence := kml.Folder(kml.Name("Geofence"))
	for _, poly := range p.Polygons {
		fence.Append(kmlFencePlacemark(poly.Name, poly.Inclusion, poly.Coords))
	}
	for _, c := range p.Circles {
		fence.Append(kmlFencePlacemark(c.Name, c.Inclusion, c.ring()))
	}
	rally := kml.Folder(kml.Name("Rally points"))
	for i, r := range p.Rally {
		rally.Append(kml.Placemark(
			kml.Name(fmt.Sprintf("Rally %d", i+1)),
			kml.Point(kml.AltitudeMode(kml.AltitudeModeRelativeToGround), kml.Coordinates(kml.Coordinate{Lon: r.Lon, Lat: r.Lat, Alt: r.Alt})),
		))
	}
	doc := kml.Document(
		kml.Name(p.Name),
		kml.SharedStyle("path", kml.LineStyle(kml.Color(kmlPathColor), kml.Width(3))),
		kml.SharedStyle("inclusion", kml.LineStyle(kml.Color(kmlInclusionColor), kml.Width(2)), kml.PolyStyle(kml.Fill(false))),
		kml.SharedStyle("exclusion", kml.LineStyle(kml.Color(kmlExclusionColor), kml.Width(2)),
			kml.PolyStyle(kml.Color(color.RGBA{R: kmlExclusionColor.R, A: 96}))),
		kml.Placemark(
			kml.Name("Flight path"),
			kml.StyleURL("#path"),
			kml.LineString(kml.AltitudeMode(kml.AltitudeModeRelativeToGround), kml.Coordinates(path...)),
		),
		wpts, fence, rally,
	)
	return kml.KML(doc).WriteIndent(w, "", "  ")
}

func kmlFencePlacemark(name string, inclusion bool, ring []LatLon) *kml.PlacemarkElement {
	style := "#exclusion"
	if inclusion {
		style = "#inclusion"
	}
	coords := make([]kml.Coordinate, 0, len(ring)+1)
	for _, c := range ring {
		coords = append(coords, kml.Coordinate{Lon: c.Lon, Lat: c.Lat})
	}
	if len(ring) > 0 {
		coords = append(coords, coords[0]) // KML rings repeat their first vertex
	}
	return kml.Placemark(
		kml.Name(name),
		kml.StyleURL(style),
		kml.Polygon(kml.OuterBoundaryIs(kml.LinearRing(kml.Coordinates(coords...)))),
	)
}

// WriteGeoJSON writes the plan as a GeoJSON FeatureCollection (RFC 7946): the flight path as a
// LineString whose properties list each waypoint's altitude above home and yaw, one Point
// feature per waypoint, the geofence as Polygons (circles drawn as 72-gons, with their centre
// and radius as properties) and the rally points. Positions are [lon, lat]; altitudes are
// properties because they are relative to home, not to the ellipsoid GeoJSON heights assume.
func (p *Plan) WriteGeoJSON(w io.Writer) error {
	if err := p.Validate(); err != nil {
		return err
	}
	fc := geojson.NewFeatureCollection()
	line := make(orb.LineString, len(p.Waypoints))
	alts := make([]float64, len(p.Waypoints))
	yaws := make([]float64, len(p.Waypoints))
	for i, wp := range p.Waypoints {
		line[i] = orb.Point{wp.Lon, wp.Lat}
		alts[i], yaws[i] = wp.Alt, wp.Yaw
	}
	path := geojson.NewFeature(line)
	path.Properties["name"] = p.Name
	path.Properties["kind"] = "path"
	path.Properties["relative_alt"] = alts
	path.Properties["yaw_deg"] = yaws
	path.Properties["home"] = []float64{p.Home.Lon, p.Home.Lat, p.Home.Alt}
	fc.Append(path)
	for i, wp := range p.Waypoints {
		f := geojson.NewFeature(orb.Point{wp.Lon, wp.Lat})
		f.Properties["name"] = fmt.Sprintf("WP %d", i+1)
		f.Properties["kind"] = "waypoint"
		f.Properties["index"] = i + 1
		f.Properties["relative_alt"] = wp.Alt
		f.Properties["yaw_deg"] = wp.Yaw
		fc.Append(f)
	}
	for _, poly := range p.Polygons {
		f := geojson.NewFeature(orbRing(poly.Coords))
		f.Properties["name"] = poly.Name
		f.Properties["kind"] = fenceKind(poly.Inclusion)
		fc.Append(f)
	}
	for _, c := range p.Circles {
		f := geojson.NewFeature(orbRing(c.ring()))
		f.Properties["name"] = c.Name
		f.Properties["kind"] = fenceKind(c.Inclusion)
		f.Properties["center"] = []float64{c.Center.Lon, c.Center.Lat}
		f.Properties["radius"] = c.Radius
		fc.Append(f)
	}
	for i, r := range p.Rally {
		f := geojson.NewFeature(orb.Point{r.Lon, r.Lat})
		f.Properties["name"] = fmt.Sprintf("Rally %d", i+1)
		f.Properties["kind"] = "rally"
		f.Properties["relative_alt"] = r.Alt
		fc.Append(f)
	}
	b, err := json.MarshalIndent(fc, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func fenceKind(inclusion bool) string {
	if inclusion {
		return "inclusion"
	}
	return "exclusion"
}

// orbRing closes a ring as GeoJSON requires (first position repeated last) and orients it
// counter-clockwise, RFC 7946's rule for exterior rings.
func orbRing(ring []LatLon) orb.Polygon {
	r := make(orb.Ring, 0, len(ring)+1)
	for _, c := range ring {
		r = append(r, orb.Point{c.Lon, c.Lat})
	}
	if len(r) > 0 {
		r = append(r, r[0])
	}
	if r.Orientation() == orb.CW {
		r.Reverse()
	}
	return orb.Polygon{r}
}
