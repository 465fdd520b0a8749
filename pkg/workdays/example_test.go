package workdays_test

import (
	"fmt"
	"time"

	"github.com/assure-audit/assure/pkg/workdays"
)

func ExampleCalendar_AddWorkingDays() {
	cal := workdays.EnglandAndWales()
	due, _ := workdays.ParseDate("2026-04-07") // the Tuesday after Easter
	fmt.Println(cal.AddWorkingDays(due, -7))   // 7 working days before
	fmt.Println(cal.AddWorkingDays(due, 5))    // 5 working days after
	// Output:
	// 2026-03-25
	// 2026-04-14
}

func ExampleCalendar_NextSendTime() {
	cal := workdays.EnglandAndWales()
	// Friday evening before the Early May bank holiday.
	t := time.Date(2026, time.May, 1, 19, 0, 0, 0, workdays.London())
	fmt.Println(cal.NextSendTime(t, workdays.UKOfficeHours()))
	// Output: 2026-05-05 08:00:00 +0100 BST
}

func ExampleCalendar_Holiday() {
	cal := workdays.EnglandAndWales(workdays.Date{Year: 2027, Month: time.December, Day: 29})
	for _, s := range []string{"2027-12-25", "2027-12-27", "2027-12-28", "2027-12-29"} {
		d, _ := workdays.ParseDate(s)
		name, ok := cal.Holiday(d)
		fmt.Println(d, d.Weekday(), name, ok)
	}
	// Output:
	// 2027-12-25 Saturday  false
	// 2027-12-27 Monday Christmas Day (substitute day) true
	// 2027-12-28 Tuesday Boxing Day (substitute day) true
	// 2027-12-29 Wednesday Local closure true
}
