package mavlink

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
	"pgregory.net/rapid"

	"github.com/tigris-uav/tigris/geo"
	"github.com/tigris-uav/tigris/motion"
)

// meridianArc is the length in metres of the WGS84 meridian between two
// latitudes (degrees), by Simpson's rule on the meridian radius of curvature:
// computed independently of the ECEF route that geo takes.
func meridianArc(lat0, lat1 float64) float64 {
	const a, f = 6378137.0, 1 / 298.257223563
	e2 := f * (2 - f)
	m := func(phi float64) float64 {
		s := math.Sin(phi)
		return a * (1 - e2) / math.Pow(1-e2*s*s, 1.5)
	}
	const n = 1000
	p0, p1 := lat0*math.Pi/180, lat1*math.Pi/180
	h := (p1 - p0) / n
	sum := m(p0) + m(p1)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * m(p0+float64(i)*h)
	}
	return sum * h / 3
}

// A known latitude and longitude map to the expected local East and North
// within 0.1 m up to 20 km from the origin, and back.
func TestFrameKnownPoints(t *testing.T) {
	const a, f = 6378137.0, 1 / 298.257223563
	e2 := f * (2 - f)
	// On the ellipsoid: at a height h every distance grows by (R+h)/R.
	o := geo.Origin{Lat: testHome.Lat, Lon: testHome.Lon}
	phi := o.Lat * math.Pi / 180
	nRad := a / math.Sqrt(1-e2*math.Sin(phi)*math.Sin(phi))
	// 20 km along the meridian and along the parallel.
	dLat := 20000 / meridianArc(o.Lat, o.Lat+1) // degrees, close enough to 20 km
	dLon := 20000 / (nRad * math.Cos(phi) * math.Pi / 180)
	fr := Frame{Origin: o}
	tests := []struct {
		name       string
		lat, lon   float64
		wantE, wtN float64
	}{
		{"origin", o.Lat, o.Lon, 0, 0},
		{"north", o.Lat + dLat, o.Lon, 0, meridianArc(o.Lat, o.Lat+dLat)},
		{"south", o.Lat - dLat, o.Lon, 0, -meridianArc(o.Lat-dLat, o.Lat)},
		// A point on the origin's parallel lies East of it by the parallel
		// circle's radius times the sine of the longitude difference.
		{"east", o.Lat, o.Lon + dLon, nRad * math.Cos(phi) * math.Sin(dLon*math.Pi/180), math.NaN()},
		{"west", o.Lat, o.Lon - dLon, -nRad * math.Cos(phi) * math.Sin(dLon*math.Pi/180), math.NaN()},
		// One degree of latitude at 45° is 111132.954 m (a textbook value).
		{"textbook", 45.5005, 8, 0, 111132.954 * 0.001},
	}
	for _, tt := range tests {
		fr := fr
		if tt.name == "textbook" {
			fr = Frame{Origin: geo.Origin{Lat: 45.4995, Lon: 8}}
		}
		p := fr.ToLocal(tt.lat, tt.lon, 42)
		if math.Abs(p.X-tt.wantE) > 0.1 || (!math.IsNaN(tt.wtN) && math.Abs(p.Y-tt.wtN) > 0.1) || p.Z != 42 {
			t.Errorf("%s: local %.3f, %.3f, %.3f; want %.3f, %.3f, 42", tt.name, p.X, p.Y, p.Z, tt.wantE, tt.wtN)
		}
		lat, lon, rel := fr.ToGlobal(p)
		if math.Abs(lat-tt.lat) > 1e-9 || math.Abs(lon-tt.lon) > 1e-9 || rel != 42 {
			t.Errorf("%s: back to %.9f, %.9f, %v; want %.9f, %.9f, 42", tt.name, lat, lon, rel, tt.lat, tt.lon)
		}
	}
}

// Any point within 20 km survives the round trip to lat/lon to well under
// 0.1 m, with or without an anchor offset.
func TestFrameRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := geo.Origin{Lat: rapid.Float64Range(-80, 80).Draw(t, "lat"), Lon: rapid.Float64Range(-180, 180).Draw(t, "lon"),
			Alt: rapid.Float64Range(-100, 3000).Draw(t, "alt")}
		off := r3.Vec{X: rapid.Float64Range(-5000, 5000).Draw(t, "ox"), Y: rapid.Float64Range(-5000, 5000).Draw(t, "oy")}
		f := Frame{Origin: o, Offset: off}
		r := rapid.Float64Range(0, 20000).Draw(t, "r")
		b := rapid.Float64Range(-math.Pi, math.Pi).Draw(t, "bearing")
		p := r3.Vec{X: off.X + r*math.Cos(b), Y: off.Y + r*math.Sin(b), Z: rapid.Float64Range(-50, 500).Draw(t, "z")}
		lat, lon, rel := f.ToGlobal(p)
		q := f.ToLocal(lat, lon, rel)
		if d := r3.Norm(r3.Sub(p, q)); d > 1e-3 {
			t.Fatalf("%v -> %.9f, %.9f, %v -> %v: %.4f m off", p, lat, lon, rel, q, d)
		}
	})
}

func TestAnchorAt(t *testing.T) {
	f := AnchorAt(testHome.Lat, testHome.Lon, r3.Vec{X: 20, Y: -35, Z: 99})
	if p := f.ToLocal(testHome.Lat, testHome.Lon, 5); math.Abs(p.X-20) > 1e-9 || math.Abs(p.Y+35) > 1e-9 || p.Z != 5 {
		t.Errorf("home maps to %v, want (20, -35, 5)", p)
	}
	if err := f.Validate(); err != nil {
		t.Error(err)
	}
	if err := (Frame{Origin: geo.Origin{Lat: 91}}).Validate(); err == nil {
		t.Error("latitude 91 accepted")
	}
	if err := (Frame{Offset: r3.Vec{X: math.NaN()}}).Validate(); err == nil {
		t.Error("NaN offset accepted")
	}
}

// MAVLink is North-East-Down with yaw clockwise from north; the mission is
// East-North-Up with headings counter-clockwise from east.
func TestNEDSigns(t *testing.T) {
	enu := r3.Vec{X: 3, Y: 4, Z: 30} // 3 m east, 4 m north, 30 m up
	ned := ENUToNED(enu)
	if ned != (r3.Vec{X: 4, Y: 3, Z: -30}) {
		t.Errorf("ENUToNED(%v) = %v, want north 4, east 3, down -30", enu, ned)
	}
	if back := NEDToENU(ned); back != enu {
		t.Errorf("NEDToENU(ENUToNED(%v)) = %v", enu, back)
	}
	for _, tt := range []struct{ heading, yaw float64 }{
		{0, math.Pi / 2},           // east
		{math.Pi / 2, 0},           // north
		{math.Pi, -math.Pi / 2},    // west
		{-math.Pi / 2, -math.Pi},   // south: π wraps to -π
		{math.Pi / 4, math.Pi / 4}, // north-east
	} {
		if y := HeadingToYaw(tt.heading); math.Abs(y-tt.yaw) > 1e-12 {
			t.Errorf("HeadingToYaw(%v) = %v, want %v", tt.heading, y, tt.yaw)
		}
		if h := YawToHeading(tt.yaw); motion.AngleDiff(h, tt.heading) > 1e-12 {
			t.Errorf("YawToHeading(%v) = %v, want %v", tt.yaw, h, tt.heading)
		}
	}
}

// The setpoints the bridge sends: north-east of home and above it must read
// as positive north, positive east, negative down, in the local message, and
// as a larger latitude and longitude and a positive height in the global one.
func TestSetpointSigns(t *testing.T) {
	f := AnchorAt(testHome.Lat, testHome.Lon, r3.Vec{})
	p := r3.Vec{X: 30, Y: 40, Z: 25}
	g := globalTarget(f, p, 0, 1, 1, 7)
	if g.LatInt <= toE7(testHome.Lat) || g.LonInt <= toE7(testHome.Lon) || g.Alt != 25 {
		t.Errorf("global target %d, %d, %v: want north-east of home and 25 m up", g.LatInt, g.LonInt, g.Alt)
	}
	if math.Abs(float64(g.Yaw)-math.Pi/2) > 1e-6 || g.TypeMask != 2552 || g.CoordinateFrame != 6 {
		t.Errorf("global target yaw %v, mask %d, frame %d: want π/2 (east), 2552, 6", g.Yaw, g.TypeMask, g.CoordinateFrame)
	}
	lat, lon, rel := f.ToGlobal(p)
	tel := Telemetry{OriginLat: testHome.Lat, OriginLon: testHome.Lon, OriginAlt: testHome.Alt, HomeAlt: testHome.Alt + 2}
	tel.HomeAt = tel.HomeAt.Add(1)
	ned := localNED(tel, lat, lon, rel)
	if math.Abs(ned.X-40) > 0.01 || math.Abs(ned.Y-30) > 0.01 || math.Abs(ned.Z+27) > 0.01 {
		t.Errorf("local NED %v, want north 40, east 30, down -27 (25 m above a home 2 m above the EKF origin)", ned)
	}
	l := localTarget(ned, HeadingToYaw(math.Pi/2), 1, 1, 7)
	if l.X != float32(ned.X) || l.Y != float32(ned.Y) || l.Z != float32(ned.Z) || l.Yaw != 0 || l.CoordinateFrame != 1 {
		t.Errorf("local target %+v", l)
	}
}
