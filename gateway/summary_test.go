package gateway

import (
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// walk calls fn on n and every node below it.
func walk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// text is the text below n.
func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

func TestReportSummary(t *testing.T) {
	fake := &fakeReports{}
	rec := getReport(reportsServer(fake), "/v1/partnerships/north/campaigns/s11/report.html")
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	h := rec.Header()
	if h.Get("Content-Type") != "text/html; charset=utf-8" || h.Get("Cache-Control") != "private, no-store" ||
		!strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("headers %v", h)
	}
	page := rec.Body.String()
	// The display name is escaped wherever it appears.
	if strings.Contains(page, "<script") || !strings.Contains(page, "North &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co") {
		t.Fatalf("display name not escaped:\n%s", page)
	}
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}

	var (
		lang      string
		title     string
		headings  []string
		levels    []int
		svgs      int
		tables    int
		ths       int
		styles    int
		failures  []string
		bars      []string
		segments  []string
		svgLabels int
	)
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.DataAtom {
		case atom.Html:
			lang, _ = attr(n, "lang")
		case atom.Title:
			if n.Parent != nil && n.Parent.DataAtom == atom.Head {
				title = text(n)
			}
		case atom.H1, atom.H2, atom.H3, atom.H4:
			headings = append(headings, text(n))
			levels = append(levels, int(n.Data[1]-'0'))
		case atom.Table:
			tables++
		case atom.Th:
			ths++
			if s, ok := attr(n, "scope"); !ok || s != "col" && s != "row" {
				failures = append(failures, "th without scope: "+text(n))
			}
		case atom.Style:
			styles++
		case atom.Script, atom.Link, atom.Img, atom.Iframe, atom.Object:
			failures = append(failures, "element "+n.Data)
		case atom.Svg:
			svgs++
			if role, _ := attr(n, "role"); role == "img" {
				if _, ok := attr(n, "aria-labelledby"); ok {
					svgLabels++
				}
			} else if hidden, _ := attr(n, "aria-hidden"); hidden != "true" {
				failures = append(failures, "svg neither an image nor hidden")
			}
		}
		if n.Data == "rect" {
			// The score bars are blue; a grade segment has a title.
			if fill, _ := attr(n, "fill"); fill == "#1D70B8" {
				bars = append(bars, text(n.Parent))
			} else if n.FirstChild != nil {
				segments = append(segments, fill+" "+text(n))
			}
		}
		for _, a := range n.Attr {
			if a.Key == "src" || a.Key == "href" || strings.Contains(a.Val, "url(") || strings.HasPrefix(a.Key, "on") {
				failures = append(failures, "attribute "+a.Key+"="+a.Val)
			}
		}
	})
	if len(failures) > 0 {
		t.Errorf("not self-contained or not accessible: %q", failures)
	}
	if lang != "en-GB" || title != "Summary report: "+testCampaignName || styles != 1 {
		t.Errorf("lang %q, title %q, %d style elements", lang, title, styles)
	}
	want := []string{"Summary report: " + testCampaignName, "Completion", "Completion over time", "Standards, weakest first", "Grades given per standard",
		"Moderation gaps", "Number questions", "Action plans"}
	if strings.Join(headings, "|") != strings.Join(want, "|") {
		t.Errorf("headings %q, want %q", headings, want)
	}
	for i := 1; i < len(levels); i++ {
		if levels[i] > levels[i-1]+1 || levels[0] != 1 {
			t.Errorf("heading levels skip: %v", levels)
		}
	}
	// Four charts, each an image with a text alternative, and two
	// swatches per legend entry hidden from assistive technology.
	if svgLabels != 4 {
		t.Errorf("%d labelled charts", svgLabels)
	}
	if tables != 8 || ths == 0 {
		t.Errorf("%d tables, %d header cells", tables, ths)
	}
	// The score bars, weakest first, each labelled with its mean.
	if len(bars) != 2 || !strings.Contains(bars[0], "2 Safer recruitment") || !strings.Contains(bars[0], "1.50") ||
		!strings.Contains(bars[0], "mean score 1.50 of 3") || !strings.Contains(bars[1], "2.50") {
		t.Errorf("bars %q", bars)
	}
	// The distribution in the grades' colours.
	wantSegments := []string{"#FFDD00 Partly met 1 of 2 (50%)", "#D4351C Not met 1 of 2 (50%)",
		"#00703C Met 1 of 3 (33%)", "#FFDD00 Partly met 1 of 3 (33%)", "#B1B4B6 Not applicable 1 of 3 (33%)"}
	if strings.Join(segments, "|") != strings.Join(wantSegments, "|") {
		t.Errorf("segments %q, want %q", segments, wantSegments)
	}
	for _, s := range []string{
		"1 of 3 organisations have submitted (33%).",
		"Completion of 3 returns: submitted 1 (33%), in progress 1 (33%), not started 1 (33%).",
		"Leadership &lt;and&gt; accountability",
		"<th scope=\"row\">Ash School</th><td>2 Safer recruitment</td><td class=\"num\">2.00</td><td class=\"num\">1.00</td><td class=\"num\">&#43;1.00</td>",
		"<td class=\"num\">−0.50</td>",
		"<span class=\"key\">n1</span> Staff trained</th><td>people</td><td class=\"num\">2</td><td class=\"num\">30.5</td><td class=\"num\">15.25</td>",
		"police: 1 answer, total 20.5, mean 20.50",
		"@media print", "@page { size: A4",
		"Figures as of</dt><dd>1 March 2027, 11:30 UTC",
		"Returns are due by 26 February 2027, 17:00; 2 returns are overdue.",
		// The burn-up: ten days from 20 February, 624 units wide, so 69.3
		// a day; 3 returns on 162 units of height from y=10, so 54 each.
		"Returns over time, 20 February 2027 to 1 March 2027: by the last day 2 of 3 returns had been started and 1 handed in.",
		`<polyline points="44.0,172.0 113.3,118.0 182.7,118.0 252.0,118.0 321.3,64.0 390.7,64.0 460.0,64.0 529.3,64.0 598.7,64.0 668.0,64.0"`,
		`<polyline points="44.0,172.0 113.3,172.0 182.7,172.0 252.0,172.0 321.3,172.0 390.7,118.0 460.0,118.0`,
		// Due on the seventh day.
		`<line x1="460.0" y1="10.0" x2="460.0" y2="172.0"`,
		`<tr><th scope="row">24 February 2027</th><td class="num">2</td><td class="num">0</td></tr>`,
		`<tr><th scope="row">1 March 2027</th><td class="num">2</td><td class="num">1</td></tr>`,
		"3 actions in the plans: 1 complete (33%), 1 overdue on 1 March 2027.",
		`<tr><th scope="row">Not started</th><td class="num">1</td><td class="num">1</td></tr>`,
		`<tr><th scope="row">Birch Police</th><td>1</td><td>Train &lt;all&gt; staff</td><td>DSL</td><td>31 January 2027</td><td>Not started</td></tr>`,
	} {
		if !strings.Contains(page, s) {
			t.Errorf("page lacks %q", s)
		}
	}
	if strings.Contains(page, "Organisations</dt>") {
		t.Error("filters shown though none were asked for")
	}
}

func TestReportSummaryFiltered(t *testing.T) {
	rec := getReport(reportsServer(&fakeReports{}), "/v1/partnerships/north/campaigns/s11/report.html?organisationType=school")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(),
		"<dt>Organisations</dt><dd>organisation type school</dd>") {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
}
