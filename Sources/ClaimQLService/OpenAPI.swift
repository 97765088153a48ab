/// The OpenAPI 3.0 document of the HTTP API, served at /openapi.json. Written by hand
/// beside the handlers it describes (Service.swift, Service+Writes.swift); the API tests
/// run schemathesis against it, so a reply that drifts from it fails CI.
public enum OpenAPI {
    public static let document = #"""
    {
      "openapi": "3.0.3",
      "info": {
        "title": "ClaimQL",
        "version": "1.0.0",
        "description": "Ask a ClaimQL fact graph questions: who claimed what figure, when. Every query runs under the server's row and time limits, with no file access. Writes (load, extract with commit) need --allow-writes and the server's token."
      },
      "paths": {
        "/api/query": {
          "get": {
            "operationId": "queryGet",
            "summary": "Run one query",
            "description": "Parameters $NAME in the query take their values from query parameters p.NAME (numbers when they read as numbers, else text).",
            "parameters": [
              {"name": "q", "in": "query", "required": true, "schema": {"type": "string", "minLength": 1}, "description": "The query, e.g. claims where source = \"Shin\" and qty > 1M"},
              {"$ref": "#/components/parameters/format"},
              {"$ref": "#/components/parameters/scale"}
            ],
            "responses": {"200": {"$ref": "#/components/responses/Result"}, "400": {"$ref": "#/components/responses/Error"}, "405": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}
          },
          "post": {
            "operationId": "queryPost",
            "summary": "Run one query, with typed parameters",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
              "type": "object", "required": ["query"],
              "properties": {
                "query": {"type": "string", "minLength": 1},
                "params": {"type": "object", "additionalProperties": {"nullable": true, "oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]}},
                "format": {"$ref": "#/components/schemas/Format"},
                "scale": {"$ref": "#/components/schemas/Scale"}
              }
            }}}},
            "responses": {"200": {"$ref": "#/components/responses/Result"}, "400": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}
          }
        },
        "/api/explain": {
          "get": {
            "operationId": "explain",
            "summary": "The plan of a query (with analyze: run it and show rows and time per operator)",
            "parameters": [
              {"name": "q", "in": "query", "required": true, "schema": {"type": "string", "minLength": 1}},
              {"name": "analyze", "in": "query", "required": false, "schema": {"type": "boolean"}}
            ],
            "responses": {
              "200": {"description": "The plan", "content": {"application/json": {"schema": {"type": "object", "required": ["plan"], "properties": {"plan": {"type": "string"}}}}}},
              "400": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/api/complete": {
          "get": {
            "operationId": "complete",
            "summary": "What may come at a position of a query text",
            "parameters": [
              {"name": "text", "in": "query", "required": true, "schema": {"type": "string"}},
              {"name": "cursor", "in": "query", "required": true, "schema": {"type": "integer", "minimum": 0}, "description": "A UTF-16 offset into text (a JavaScript string index); past the end is the end."}
            ],
            "responses": {
              "200": {"description": "Candidates for the word before the cursor", "content": {"application/json": {"schema": {
                "type": "object", "required": ["start", "candidates", "in_string"],
                "properties": {"start": {"type": "integer"}, "candidates": {"type": "array", "items": {"type": "string"}}, "in_string": {"type": "boolean"}}
              }}}},
              "400": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/api/schema": {
          "get": {
            "operationId": "schema",
            "summary": "Collections and fields, with counts",
            "responses": {"200": {"description": "The schema", "content": {"application/json": {"schema": {
              "type": "object", "required": ["collections", "counts", "writable"],
              "properties": {
                "collections": {"type": "array", "items": {"type": "object", "required": ["name", "count", "fields"], "properties": {
                  "name": {"type": "string"}, "count": {"type": "integer"},
                  "fields": {"type": "array", "items": {"type": "object", "required": ["name", "type", "count"], "properties": {
                    "name": {"type": "string"}, "type": {"type": "string"}, "count": {"type": "integer"}}}}}}},
                "counts": {"$ref": "#/components/schemas/Counts"},
                "writable": {"type": "boolean"}
              }
            }}}}}
          }
        },
        "/api/evidence": {
          "get": {
            "operationId": "evidence",
            "summary": "A claim and its evidence: document, publisher, quote, where else it is said",
            "parameters": [{"name": "claim", "in": "query", "required": true, "schema": {"type": "string"}}],
            "responses": {
              "200": {"description": "The claim and its evidence", "content": {"application/json": {"schema": {
                "type": "object", "required": ["claim", "evidence"],
                "properties": {"claim": {"type": "object"}, "evidence": {"type": "array", "items": {"type": "object"}}}
              }}}},
              "400": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/api/extract": {
          "post": {
            "operationId": "extract",
            "summary": "Draft the claims an article states (with commit, add them: a write)",
            "security": [{}, {"bearer": []}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
              "type": "object", "required": ["text"],
              "properties": {"text": {"type": "string"}, "document": {"type": "string", "minLength": 1}, "published": {"type": "string", "format": "date", "nullable": true}, "commit": {"type": "boolean"}}
            }}}},
            "responses": {
              "200": {"description": "The drafts", "content": {"application/json": {"schema": {
                "type": "object", "required": ["document", "claims", "declarations", "committed"],
                "properties": {
                  "document": {"type": "string"}, "declarations": {"type": "string"}, "committed": {"type": "boolean"},
                  "claims": {"type": "array", "items": {"type": "object", "required": ["id", "confidence", "checks"], "properties": {
                    "id": {"type": "string"}, "subject": {"type": "string", "nullable": true}, "predicate": {"type": "string", "nullable": true},
                    "qty": {"type": "number", "nullable": true}, "qty_hi": {"type": "number", "nullable": true}, "unit": {"type": "string", "nullable": true},
                    "qualifier": {"type": "string", "nullable": true}, "date": {"type": "string", "nullable": true}, "source": {"type": "string", "nullable": true},
                    "quote": {"type": "string", "nullable": true}, "confidence": {"type": "number"}, "checks": {"type": "array", "items": {"type": "string"}}}}}
                }
              }}}},
              "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/api/load": {
          "post": {
            "operationId": "load",
            "summary": "Add declarations or JSON Lines, atomically (a write)",
            "security": [{"bearer": []}],
            "parameters": [{"name": "kind", "in": "query", "required": false, "schema": {"type": "string", "enum": ["declarations", "entities", "documents", "claims"]}}],
            "requestBody": {"required": true, "content": {
              "text/plain": {"schema": {"type": "string", "minLength": 1}},
              "application/x-ndjson": {"schema": {"type": "string", "minLength": 1}}
            }},
            "responses": {
              "200": {"description": "What was added", "content": {"application/json": {"schema": {
                "type": "object", "required": ["added", "counts"],
                "properties": {"added": {"$ref": "#/components/schemas/Counts"}, "counts": {"$ref": "#/components/schemas/Counts"}}
              }}}},
              "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/healthz": {
          "get": {"operationId": "health", "summary": "Liveness", "responses": {"200": {"description": "Alive", "content": {"application/json": {"schema": {"type": "object", "required": ["ok"], "properties": {"ok": {"type": "boolean"}}}}}}}}
        }
      },
      "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "parameters": {
          "format": {"name": "format", "in": "query", "required": false, "schema": {"$ref": "#/components/schemas/Format"}, "description": "Without it, the JSON envelope; with it, the CLI's output in that format (svg: the timeline chart)."},
          "scale": {"name": "scale", "in": "query", "required": false, "schema": {"$ref": "#/components/schemas/Scale"}}
        },
        "schemas": {
          "Format": {"type": "string", "enum": ["table", "json", "jsonl", "csv", "line", "svg"]},
          "Scale": {"type": "string", "enum": ["auto", "linear", "log"]},
          "Counts": {"type": "object", "required": ["entities", "documents", "claims"], "properties": {"entities": {"type": "integer"}, "documents": {"type": "integer"}, "claims": {"type": "integer"}}},
          "Diagnostic": {"type": "object", "required": ["severity", "message", "start", "end", "rendered"], "properties": {
            "severity": {"type": "string", "enum": ["error", "warning", "note"]}, "message": {"type": "string"}, "hint": {"type": "string", "nullable": true},
            "line": {"type": "integer", "nullable": true}, "column": {"type": "integer", "nullable": true},
            "end_line": {"type": "integer", "nullable": true}, "end_column": {"type": "integer", "nullable": true},
            "start": {"type": "integer"}, "end": {"type": "integer"}, "rendered": {"type": "string"}}},
          "Envelope": {"type": "object", "required": ["columns", "rows", "row_claims", "count", "is_count", "warnings", "elapsed_ms"], "properties": {
            "columns": {"type": "array", "items": {"type": "string"}},
            "rows": {"type": "array", "items": {"type": "object"}},
            "row_claims": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
            "count": {"type": "integer"}, "is_count": {"type": "boolean"},
            "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/Diagnostic"}},
            "elapsed_ms": {"type": "number"}}},
          "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["kind", "message", "diagnostics"], "properties": {
            "kind": {"type": "string"}, "message": {"type": "string"}, "diagnostics": {"type": "array", "items": {"$ref": "#/components/schemas/Diagnostic"}}}}}}
        },
        "responses": {
          "Result": {"description": "The result: the envelope, or the CLI's output in the asked format", "content": {
            "application/json": {"schema": {"oneOf": [{"$ref": "#/components/schemas/Envelope"}, {"type": "array", "items": {"type": "object"}}, {"type": "integer"}]}},
            "application/x-ndjson": {"schema": {"type": "string"}},
            "text/csv": {"schema": {"type": "string"}},
            "image/svg+xml": {"schema": {"type": "string"}},
            "text/plain": {"schema": {"type": "string"}}
          }},
          "Error": {"description": "What was wrong, with diagnostics that point into the query", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    }
    """#
}
