// Package workdays knows the working days of England and Wales: Monday to
// Friday except bank holidays and local closure days. The reminder service
// uses it to schedule reminders ("7 working days before the due date",
// "every 5 working days after it") and to send them only inside a daily
// window of UK office hours.
//
// A Date is a day on the calendar with no time zone; a Calendar answers
// questions about Dates; a Window turns a working day back into instants,
// correctly across the changes between GMT and BST.
//
// Bank holidays are computed from the rules (with the one-off changes made
// by royal proclamation since 1995), not listed by hand, so they are known
// for any year without an update. A Calendar is safe for concurrent use.
package workdays
