# ClaimQL queries for the claims benchmark (../shared/bench): the meaning of each query is
# that of queries/sqlite.q. ${name} is replaced by params.json's value as a JSON-style
# string. Q1-Q3 and Q5-Q8 return claims (the result keeps claim references; id, predicate,
# qty and date are read from them); Q4 returns (source, n, max_qty).
### Q1 selective equality: source name or alias
claims where source = ${source_name}
### Q2 headline: source = <name> and qty > 1M
claims where source = ${source_name} and qty > 1M
### Q3 numeric range: qty between 1M and 5M
claims where qty between 1M and 5M
### Q4 group-by: claims and max qty per source, top 10 by count
claims where source is not null group by source select source, count() as n, max(qty) as max_qty order by n desc, source.id limit 10
### Q5 two-hop: source's affiliation/country is a given country
claims where source.affiliation = ${country_id} or source.country = ${country_id}
### Q6 text: quote contains a word (case-insensitive)
claims where quote contains ${word}
### Q7 date range + predicate: shipped in 2023
claims where predicate = "shipped" and date between 2023-01-01 and 2023-12-31
### Q8 point lookup by claim id
claims where id = ${claim_id}
