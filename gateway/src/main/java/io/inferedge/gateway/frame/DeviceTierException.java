package io.inferedge.gateway.frame;

import io.inferedge.support.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * The device tier (inference-service) could not execute a frame for reasons that are not the
 * client's: unreachable (503), too slow (504) or broken (502), or its circuit breaker is open after
 * repeated such failures (503 at once, without calling it). The frame was not executed; the client
 * gets the problem and may retry.
 */
final class DeviceTierException extends ApiException {

  private DeviceTierException(HttpStatus status, String detail, Throwable cause) {
    super(status, null, detail, cause);
  }

  static DeviceTierException unavailable(Throwable cause) {
    return new DeviceTierException(
        HttpStatus.SERVICE_UNAVAILABLE, "device tier unavailable", cause);
  }

  static DeviceTierException circuitOpen(Throwable cause) {
    return new DeviceTierException(
        HttpStatus.SERVICE_UNAVAILABLE,
        "device tier unavailable: it failed repeatedly and is not called until its breaker's wait"
            + " is over; retry later",
        cause);
  }

  static DeviceTierException timedOut(Throwable cause) {
    return new DeviceTierException(
        HttpStatus.GATEWAY_TIMEOUT, "device tier did not answer in time", cause);
  }

  static DeviceTierException failed(String detail, Throwable cause) {
    return new DeviceTierException(HttpStatus.BAD_GATEWAY, "device tier failed: " + detail, cause);
  }
}
