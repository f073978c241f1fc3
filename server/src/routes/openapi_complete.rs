//! Completes the generated OpenAPI document with what holds for every operation, so that
//! each handler's annotation need only name what is particular to it: the parameters of
//! the path template, query parameters published where they are read (in the query), the
//! error envelope under every status the edge can answer, and a description on every
//! response (which OpenAPI requires).

use utoipa::Modify;
use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::{
    ContentBuilder, Ref, RefOr, Required, ResponseBuilder, Type, schema::ObjectBuilder,
};

/// The statuses any operation may answer with the error envelope, and why.
const ANY_OPERATION: &[(&str, &str)] = &[
    (
        "400",
        "The request is malformed (INVALID_JSON, a bad query or path value)",
    ),
    (
        "403",
        "FORBIDDEN: the caller lacks a permission, or the account may not do this",
    ),
    (
        "404",
        "An object the path, query or body names does not exist for this caller",
    ),
    (
        "409",
        "A conflict with the object's current state or version",
    ),
    (
        "422",
        "VALIDATION_ERROR, with details.fieldErrors naming each field",
    ),
    ("429", "RATE_LIMITED, with Retry-After"),
    ("503", "DATABASE_UNAVAILABLE: retry shortly"),
];

pub struct Complete;

impl Modify for Complete {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in &mut openapi.paths.paths {
            let template: Vec<String> = path
                .split('/')
                .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
                .map(str::to_owned)
                .collect();
            for operation in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                complete_parameters(operation, &template);
                complete_responses(operation);
            }
        }
    }
}

fn complete_parameters(operation: &mut Operation, template: &[String]) {
    let parameters = operation.parameters.get_or_insert_with(Vec::new);
    for parameter in parameters.iter_mut() {
        if let RefOr::T(p) = parameter {
            // Fields of a query struct come out as path parameters unless told otherwise.
            if p.parameter_in == ParameterIn::Path && !template.contains(&p.name) {
                p.parameter_in = ParameterIn::Query;
            }
        }
    }
    for name in template {
        let declared = parameters.iter().any(
            |p| matches!(p, RefOr::T(p) if p.name == *name && p.parameter_in == ParameterIn::Path),
        );
        if !declared {
            parameters.push(RefOr::T(path_parameter(name)));
        }
    }
}

fn path_parameter(name: &str) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .build()
}

fn complete_responses(operation: &mut Operation) {
    let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    let has_body = operation.request_body.is_some();
    let mut statuses: Vec<(&str, &str)> = ANY_OPERATION.to_vec();
    if secured {
        statuses.push(("401", "UNAUTHENTICATED: no valid bearer token"));
    }
    if has_body {
        statuses.push(("415", "UNSUPPORTED_MEDIA_TYPE: send application/json"));
        statuses.push(("413", "PAYLOAD_TOO_LARGE: over 25 MB"));
    }
    let responses = &mut operation.responses.responses;
    for (status, why) in statuses {
        responses.entry(status.to_owned()).or_insert_with(|| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(why)
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("ApiErrorBody")))
                            .build(),
                    )
                    .build(),
            )
        });
    }
    for response in responses.values_mut() {
        if let RefOr::T(r) = response
            && r.description.is_empty()
        {
            r.description = "Success".to_owned();
        }
    }
}
