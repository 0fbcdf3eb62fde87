package io.inferedge.support.web;

import java.util.List;
import java.util.Map;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where exceptions become HTTP responses, each an RFC 9457 problem body. Typed {@link
 * ApiException}s keep their status, and their problem type and properties when they have them; a
 * record's validation ({@link IllegalArgumentException} from a compact constructor) is a 400;
 * Spring MVC's own failures (wrong content type, missing parameter, unreadable body) keep Spring's
 * status. Where one input is at fault the body names it in {@code field}; bean-validation failures
 * list every field in {@code errors}.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> handleApi(ApiException e) {
    ResponseEntity<ProblemDetail> response = problem(e.status(), e.getMessage(), e.field());
    ProblemDetail body = response.getBody();
    if (e.type() != null) {
      body.setType(e.type());
    }
    e.properties().forEach(body::setProperty);
    return response;
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<ProblemDetail> handleIllegalArgument(IllegalArgumentException e) {
    return problem(HttpStatus.BAD_REQUEST, e.getMessage(), fieldNamedIn(e.getMessage()));
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, "request validation failed");
    List<Map<String, Object>> errors =
        e.getBindingResult().getFieldErrors().stream()
            .map(
                error ->
                    Map.<String, Object>of(
                        "field",
                        error.getField(),
                        "message",
                        String.valueOf(error.getDefaultMessage())))
            .toList();
    body.setProperty("errors", errors);
    if (errors.size() == 1) {
      body.setProperty("field", errors.get(0).get("field"));
    }
    return ResponseEntity.status(status).body(body);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, "request validation failed");
    List<Map<String, Object>> errors =
        e.getParameterValidationResults().stream()
            .flatMap(
                result ->
                    result.getResolvableErrors().stream()
                        .map(
                            error ->
                                Map.<String, Object>of(
                                    "field",
                                    String.valueOf(result.getMethodParameter().getParameterName()),
                                    "message",
                                    String.valueOf(error.getDefaultMessage()))))
            .toList();
    body.setProperty("errors", errors);
    if (errors.size() == 1) {
      body.setProperty("field", errors.get(0).get("field"));
    }
    return ResponseEntity.status(status).body(body);
  }

  /**
   * Spring MVC's own failures (missing or mistyped parameter, unsupported content type, unreadable
   * body) get Spring's status and detail; this adds the {@code field} they are about.
   */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ResponseEntity<Object> response =
        super.handleExceptionInternal(e, body, headers, status, request);
    if (response != null
        && response.getBody() instanceof ProblemDetail problem
        && (problem.getProperties() == null || !problem.getProperties().containsKey("field"))) {
      String field = fieldOf(e);
      if (field != null) {
        problem.setProperty("field", field);
      }
    }
    return response;
  }

  private static String fieldOf(Exception e) {
    if (e instanceof MissingServletRequestParameterException missing) {
      return missing.getParameterName();
    }
    if (e instanceof MissingPathVariableException missing) {
      return missing.getVariableName();
    }
    if (e instanceof TypeMismatchException mismatch) {
      return mismatch.getPropertyName();
    }
    if (e instanceof HttpMediaTypeNotSupportedException) {
      return "Content-Type";
    }
    if (e instanceof HttpMessageNotReadableException) {
      return "body";
    }
    return null;
  }

  private static ResponseEntity<ProblemDetail> problem(
      HttpStatusCode status, String detail, String field) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    if (field != null) {
      body.setProperty("field", field);
    }
    return ResponseEntity.status(status).body(body);
  }

  /** Records name the field first in their messages ("latencyWeight must be ..."). */
  static String fieldNamedIn(String message) {
    if (message == null) {
      return null;
    }
    int space = message.indexOf(' ');
    String first = space < 0 ? message : message.substring(0, space);
    return first.matches("[a-z][A-Za-z0-9]*") ? first : null;
  }
}
