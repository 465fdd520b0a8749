module github.com/assure-audit/assure/cmd/assure

go 1.26.0

require (
	github.com/assure-audit/assure/gateway v0.0.0
	github.com/assure-audit/assure/pkg v0.0.0
	github.com/assure-audit/assure/proto v0.0.0
	github.com/assure-audit/assure/services/caseaudit v0.0.0
	github.com/assure-audit/assure/services/directory v0.0.0
	github.com/assure-audit/assure/services/reminder v0.0.0
	github.com/assure-audit/assure/services/reporting v0.0.0
	github.com/assure-audit/assure/services/submission v0.0.0
	github.com/assure-audit/assure/services/template v0.0.0
)

replace (
	github.com/assure-audit/assure/gateway => ../../gateway
	github.com/assure-audit/assure/pkg => ../../pkg
	github.com/assure-audit/assure/proto => ../../proto
	github.com/assure-audit/assure/services/caseaudit => ../../services/caseaudit
	github.com/assure-audit/assure/services/directory => ../../services/directory
	github.com/assure-audit/assure/services/reminder => ../../services/reminder
	github.com/assure-audit/assure/services/reporting => ../../services/reporting
	github.com/assure-audit/assure/services/submission => ../../services/submission
	github.com/assure-audit/assure/services/template => ../../services/template
)
