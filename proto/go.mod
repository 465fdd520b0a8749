module github.com/assure-audit/assure/proto

go 1.26.0
