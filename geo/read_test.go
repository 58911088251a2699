package geo

import (
	"archive/zip"
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

const testKML = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
<Document><name>doc</name>
  <Folder><name>outer</name>
    <Folder>
      <Placemark>
        <name> Search area </name>
        <Polygon><outerBoundaryIs><LinearRing><coordinates>
          8.0,47.0,0 8.01,47.0,0
          8.01,47.01,0 8.0,47.01,0 8.0,47.0,0
        </coordinates></LinearRing></outerBoundaryIs></Polygon>
      </Placemark>
    </Folder>
  </Folder>
  <Placemark><name>Road</name>
    <ExtendedData><Data name="surface"><value>gravel</value></Data></ExtendedData>
    <LineString><coordinates>8.001,47.001 8.002,47.002,12.5</coordinates></LineString>
  </Placemark>
  <Placemark><name>Pad</name><Point><coordinates>8.005,47.005,0</coordinates></Point></Placemark>
  <Placemark><name>Pond</name>
    <ExtendedData><SchemaData schemaUrl="#s"><SimpleData name="kind">water</SimpleData></SchemaData></ExtendedData>
    <Polygon>
      <outerBoundaryIs><LinearRing><coordinates>8.003,47.003 8.004,47.003 8.004,47.004 8.003,47.003</coordinates></LinearRing></outerBoundaryIs>
      <innerBoundaryIs><LinearRing><coordinates>8.0033,47.0031 8.0036,47.0031 8.0036,47.0034 8.0033,47.0031</coordinates></LinearRing></innerBoundaryIs>
    </Polygon>
  </Placemark>
  <Placemark><name>Sheds</name><MultiGeometry>
    <Polygon><outerBoundaryIs><LinearRing><coordinates>8.006,47.006 8.007,47.006 8.007,47.007</coordinates></LinearRing></outerBoundaryIs></Polygon>
    <Polygon><outerBoundaryIs><LinearRing><coordinates>8.008,47.006 8.009,47.006 8.009,47.007</coordinates></LinearRing></outerBoundaryIs></Polygon>
  </MultiGeometry></Placemark>
  <Placemark><name>Ring</name><LinearRing><coordinates>8.0,47.0 8.001,47.0 8.001,47.001 8.0,47.0</coordinates></LinearRing></Placemark>
  <Placemark><name>No geometry</name></Placemark>
</Document>
</kml>`

func TestReadKML(t *testing.T) {
	shapes, err := ReadKML(strings.NewReader(testKML))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range shapes {
		got = append(got, fmt.Sprintf("%s/%s/%d/%d", s.Name, s.Kind, len(s.Coords), len(s.Holes)))
	}
	want := []string{"Search area/polygon/4/0", "Road/line/2/0", "Pad/point/1/0", "Pond/polygon/3/1",
		"Sheds/polygon/3/0", "Sheds/polygon/3/0", "Ring/polygon/3/0"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("shapes:\n got %q\nwant %q", got, want)
	}
	if c := shapes[0].Coords[2]; c != (LatLon{Lat: 47.01, Lon: 8.01}) {
		t.Errorf("Search area vertex 2 = %+v, want lat 47.01 lon 8.01", c)
	}
	if c := shapes[1].Coords[1]; c != (LatLon{Lat: 47.002, Lon: 8.002, Alt: 12.5}) {
		t.Errorf("Road vertex 1 = %+v", c)
	}
	if shapes[1].Props["surface"] != "gravel" || shapes[3].Props["kind"] != "water" {
		t.Errorf("properties: Road %v, Pond %v", shapes[1].Props, shapes[3].Props)
	}
}

func TestReadKMLNoNamespace(t *testing.T) {
	shapes, err := ReadKML(strings.NewReader(`<kml><Placemark><name>P</name><Point><coordinates>1,2</coordinates></Point></Placemark></kml>`))
	if err != nil || len(shapes) != 1 || shapes[0].Coords[0] != (LatLon{Lat: 2, Lon: 1}) {
		t.Fatalf("ReadKML = %+v, %v", shapes, err)
	}
}

func TestReadKMLErrors(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{`<html></html>`, "kml: no <kml> element: not a KML document"},
		{`<kml><Placemark><name>A</name><Point><coordinates>1,2 3,4</coordinates></Point></Placemark></kml>`,
			`kml: placemark "A" ending on line 1: <Point>: want 1 coordinate, got 2`},
		{`<kml><Placemark><name>B</name><LineString><coordinates>1,2 x,4</coordinates></LineString></Placemark></kml>`,
			`kml: placemark "B" ending on line 1: <LineString>: coordinate 1 "x,4": strconv.ParseFloat: parsing "x": invalid syntax`},
		{`<kml><Placemark><name>C</name><LineString><coordinates>1,2 3</coordinates></LineString></Placemark></kml>`,
			`kml: placemark "C" ending on line 1: <LineString>: coordinate 1 "3": want lon,lat or lon,lat,alt`},
		{`<kml><Placemark><name>D</name><LineString><coordinates>1,2 3,95</coordinates></LineString></Placemark></kml>`,
			`kml: placemark "D" ending on line 1: <LineString>: coordinate 1 "3,95": latitude 95 or longitude 3 out of range`},
		{`<kml><Placemark><name>E</name><Polygon><outerBoundaryIs><LinearRing><coordinates> </coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>`,
			`kml: placemark "E" ending on line 1: <Polygon> outer boundary: no coordinates`},
		{`<kml><Placemark>`, "kml: XML syntax error on line 1: unexpected EOF"},
	} {
		_, err := ReadKML(strings.NewReader(c.doc))
		if fmt.Sprint(err) != c.want {
			t.Errorf("ReadKML(%.40q):\n got %v\nwant %s", c.doc, err, c.want)
		}
	}
}

const testGeoJSON = `{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"name": "Field", "zone": "A", "acres": 12.5},
   "geometry": {"type": "Polygon", "coordinates": [[[8, 47], [8.01, 47], [8.01, 47.01], [8, 47]]]}},
  {"type": "Feature", "properties": {"name": "Field", "zone": "B"},
   "geometry": {"type": "Polygon", "coordinates": [[[8.02, 47], [8.03, 47], [8.03, 47.01], [8.02, 47]]]}},
  {"type": "Feature", "properties": {"name": "Track"},
   "geometry": {"type": "LineString", "coordinates": [[8, 47, 300], [8.001, 47.001, 301]]}},
  {"type": "Feature", "properties": {"name": "Trees"},
   "geometry": {"type": "MultiPoint", "coordinates": [[8, 47], [8.001, 47.001]]}},
  {"type": "Feature", "properties": null, "geometry": null}
]}`

func TestReadGeoJSON(t *testing.T) {
	shapes, err := ReadGeoJSON([]byte(testGeoJSON))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range shapes {
		got = append(got, fmt.Sprintf("%s/%s/%d/%s", s.Name, s.Kind, len(s.Coords), s.Props["zone"]))
	}
	want := []string{"Field/polygon/3/A", "Field/polygon/3/B", "Track/line/2/", "Trees/point/1/", "Trees/point/1/"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("shapes:\n got %q\nwant %q", got, want)
	}
	if shapes[0].Props["acres"] != "12.5" {
		t.Errorf("numeric property = %q, want 12.5", shapes[0].Props["acres"])
	}
	if c := shapes[2].Coords[1]; c != (LatLon{Lat: 47.001, Lon: 8.001}) {
		t.Errorf("Track vertex 1 = %+v", c)
	}

	// A bare feature and a bare geometry read too.
	for _, doc := range []string{
		`{"type": "Feature", "properties": {"name": "P"}, "geometry": {"type": "Point", "coordinates": [1, 2]}}`,
		`{"type": "Point", "coordinates": [1, 2]}`,
		`{"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [1, 2]}]}`,
	} {
		s, err := ReadGeoJSON([]byte(doc))
		if err != nil || len(s) != 1 || s[0].Kind != KindPoint || s[0].Coords[0] != (LatLon{Lat: 2, Lon: 1}) {
			t.Errorf("ReadGeoJSON(%s) = %+v, %v", doc, s, err)
		}
	}
}

func TestReadGeoJSONErrors(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{`[1, 2]`, "geojson: json: cannot unmarshal array into Go value of type struct { Type string \"json:\\\"type\\\"\" }"},
		{`{"features": []}`, `geojson: no "type" member: not a GeoJSON document`},
		{`{"type": "Point", "coordinates": [200, 2]}`, `geojson: feature 0 "": position 0: latitude 2 or longitude 200 out of range`},
		{`{"type": "Feature", "properties": {"name": "X"}, "geometry": {"type": "Polygon", "coordinates": []}}`,
			`geojson: feature 0 "X": polygon without rings`},
		{`{"type": "Blob"}`, "geojson: geojson: invalid geometry"},
	} {
		_, err := ReadGeoJSON([]byte(c.doc))
		if fmt.Sprint(err) != c.want {
			t.Errorf("ReadGeoJSON(%s):\n got %v\nwant %s", c.doc, err, c.want)
		}
	}
}

// testShapes reads testKML and testGeoJSON.
func testShapes(t *testing.T) (kmlShapes, gjShapes []Shape) {
	t.Helper()
	kmlShapes, err := ReadKML(strings.NewReader(testKML))
	if err != nil {
		t.Fatal(err)
	}
	gjShapes, err = ReadGeoJSON([]byte(testGeoJSON))
	if err != nil {
		t.Fatal(err)
	}
	return kmlShapes, gjShapes
}

func TestSelect(t *testing.T) {
	kmlShapes, gjShapes := testShapes(t)
	for _, c := range []struct {
		shapes []Shape
		name   string
		where  map[string]string
		kind   Kind
		want   string // the selected shape's first vertex, or the error
	}{
		{kmlShapes, "Search area", nil, KindPolygon, "{47 8 0}"},
		{kmlShapes, "Road", map[string]string{"surface": "gravel"}, KindLine, "{47.001 8.001 0}"},
		{kmlShapes, "Pad", nil, KindPoint, "{47.005 8.005 0}"},
		{kmlShapes, "", nil, KindPoint, "{47.005 8.005 0}"},
		{gjShapes, "Field", map[string]string{"zone": "B"}, KindPolygon, "{47 8.02 0}"},
		{gjShapes, "", map[string]string{"zone": "A"}, KindPolygon, "{47 8 0}"},
		{gjShapes, "", nil, KindLine, "{47 8 0}"},

		{kmlShapes, "Search aera", nil, KindPolygon, `no shape "Search aera" in the file (it holds "Search area" (polygon), "Road" (line), ` +
			`"Pad" (point), "Pond" (polygon), "Sheds" (polygon), "Sheds" (polygon), "Ring" (polygon))`},
		{kmlShapes, "Road", nil, KindPolygon, `shape "Road" is a line, not a polygon`},
		{kmlShapes, "Pad", nil, KindPolygon, `shape "Pad" is a point, not a polygon`},
		{kmlShapes, "Road", map[string]string{"surface": "tarmac"}, KindLine, `no shape "Road" with surface="tarmac" in the file (it holds "Search area" (polygon), ` +
			`"Road" (line), "Pad" (point), "Pond" (polygon), "Sheds" (polygon), "Sheds" (polygon), "Ring" (polygon))`},
		{kmlShapes, "Sheds", nil, KindPolygon, `2 polygons in the file match "Sheds"; choose one with name or where`},
		{kmlShapes, "", nil, KindPolygon, `5 polygons in the file match; choose one with name or where`},
		{kmlShapes, "Pond", nil, KindPolygon, `polygon "Pond" has 1 hole(s); areas are simple polygons (make the holes keep_out zones)`},
		{gjShapes, "Field", nil, KindPolygon, `2 polygons in the file match "Field"; choose one with name or where`},
		{gjShapes[2:3], "", nil, KindPolygon, `no polygon in the file (it holds "Track" (line))`},
		{nil, "X", nil, KindPolygon, `no shape "X" in the file (it holds no shapes)`},
	} {
		s, err := Select(c.shapes, c.name, c.where, c.kind)
		got := fmt.Sprint(err)
		if err == nil {
			got = fmt.Sprint(s.Coords[0])
		}
		if got != c.want {
			t.Errorf("Select(%q, %v, %s):\n got %s\nwant %s", c.name, c.where, c.kind, got, c.want)
		}
	}
}

func TestSelectAll(t *testing.T) {
	kmlShapes, gjShapes := testShapes(t)
	for _, c := range []struct {
		shapes []Shape
		name   string
		where  map[string]string
		want   string // the selected shapes' names and kinds, or the error
	}{
		{gjShapes, "", nil, "Field/polygon Field/polygon Track/line Trees/point Trees/point"},
		{gjShapes, "Field", nil, "Field/polygon Field/polygon"},
		{gjShapes, "", map[string]string{"zone": "B"}, "Field/polygon"},
		{kmlShapes, "Sheds", nil, "Sheds/polygon Sheds/polygon"},
		{kmlShapes, "Road", map[string]string{"surface": "gravel"}, "Road/line"},
		{gjShapes, "Barn", nil, `no shape "Barn" in the file (it holds "Field" (polygon), "Field" (polygon), "Track" (line), "Trees" (point), "Trees" (point))`},
		{kmlShapes, "", nil, `polygon "Pond" has 1 hole(s); areas are simple polygons (make the holes keep_out zones)`},
	} {
		got, err := SelectAll(c.shapes, c.name, c.where)
		var desc []string
		for _, s := range got {
			desc = append(desc, s.Name+"/"+s.Kind.String())
		}
		text := strings.Join(desc, " ")
		if err != nil {
			text = err.Error()
		}
		if text != c.want {
			t.Errorf("SelectAll(%q, %v):\n got %s\nwant %s", c.name, c.where, text, c.want)
		}
	}
}

func TestLoad(t *testing.T) {
	var kmz bytes.Buffer
	zw := zip.NewWriter(&kmz)
	f, _ := zw.Create("doc.kml")
	f.Write([]byte(testKML))
	zw.Close()
	fsys := fstest.MapFS{
		"a.kml":          {Data: []byte(testKML)},
		"b.KMZ":          {Data: kmz.Bytes()},
		"c.geojson":      {Data: []byte(testGeoJSON)},
		"d/e.json":       {Data: []byte(testGeoJSON)},
		"f.shp":          {Data: []byte{0}},
		"g.kml":          {Data: []byte("<kml><Placemark><Point><coordinates>1</coordinates></Point></Placemark></kml>")},
		"empty.kmz":      {Data: func() []byte { var b bytes.Buffer; zip.NewWriter(&b).Close(); return b.Bytes() }()},
		"corrupt.kmz":    {Data: []byte("PK")},
		"notes/area.kml": {Data: []byte(testKML)},
	}
	for _, c := range []struct{ name, want string }{
		{"a.kml", "7 shapes"},
		{"b.KMZ", "7 shapes"},
		{"c.geojson", "5 shapes"},
		{"d/e.json", "5 shapes"},
		{"notes/area.kml", "7 shapes"},
		{"f.shp", `f.shp: unknown shape file type ".shp" (want .kml, .kmz, .geojson or .json)`},
		{"g.kml", `g.kml: kml: placemark "" ending on line 1: <Point>: coordinate 0 "1": want lon,lat or lon,lat,alt`},
		{"empty.kmz", "empty.kmz: kmz: archive holds no .kml document"},
		{"corrupt.kmz", "corrupt.kmz: kmz: zip: not a valid zip file"},
		{"missing.kml", "open missing.kml: file does not exist"},
	} {
		shapes, err := Load(fsys, c.name)
		got := fmt.Sprint(err)
		if err == nil {
			got = fmt.Sprintf("%d shapes", len(shapes))
		}
		if got != c.want {
			t.Errorf("Load(%s):\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{KindPoint: "point", KindLine: "line", KindPolygon: "polygon", 0: "Kind(0)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}
