package geo_test

import (
	"fmt"
	"os"
	"strings"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/geo"
)

func ExampleOrigin() {
	// QGroundControl's default home, Zürich.
	o := geo.Origin{Lat: 47.3977419, Lon: 8.545594, Alt: 488}
	v := o.ToENU(47.3985099, 8.5451002, 538)
	fmt.Printf("east %.2f m, north %.2f m, up %.2f m\n", v.X, v.Y, v.Z)
	lat, lon, alt := o.FromENU(r3.Vec{X: 100, Y: 200, Z: 30})
	fmt.Printf("%.7f %.7f %.2f\n", lat, lon, alt)
	// Output:
	// east -37.28 m, north 85.39 m, up 50.00 m
	// 47.3995407 8.5469186 518.00
}

func ExampleSelect() {
	const doc = `<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
	<Placemark><name>Search area</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
		8.544,47.397 8.548,47.397 8.548,47.400 8.544,47.397
	</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
	<Placemark><name>Road</name><LineString><coordinates>8.544,47.398 8.548,47.399</coordinates></LineString></Placemark>
	</Document></kml>`
	shapes, err := geo.ReadKML(strings.NewReader(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	area, err := geo.Select(shapes, "Search area", nil, geo.KindPolygon)
	fmt.Println(len(area.Coords), "vertices,", err)
	_, err = geo.Select(shapes, "Road", nil, geo.KindPolygon)
	fmt.Println(err)
	// Output:
	// 3 vertices, <nil>
	// shape "Road" is a line, not a polygon
}

func ExamplePlan_WriteWPL() {
	o := geo.Origin{Lat: 47.3977419, Lon: 8.545594, Alt: 488}
	p := &geo.Plan{Home: geo.LatLon(o), VehicleType: geo.MAVTypeFixedWing}
	for _, v := range []r2.Vec{{X: 0, Y: 0}, {X: 300, Y: 400}} {
		lat, lon := o.Unproject(v)
		p.Waypoints = append(p.Waypoints, geo.Waypoint{Lat: lat, Lon: lon, Alt: 50})
	}
	if err := p.WriteWPL(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// QGC WPL 110
	// 0	1	0	16	0.00000000	0.00000000	0.00000000	0.00000000	47.39774190	8.54559400	488.000000	1
	// 1	0	3	16	0.00000000	0.00000000	0.00000000	0.00000000	47.39774190	8.54559400	50.000000	1
	// 2	0	3	16	0.00000000	0.00000000	0.00000000	0.00000000	47.40133937	8.54956802	50.000000	1
}
