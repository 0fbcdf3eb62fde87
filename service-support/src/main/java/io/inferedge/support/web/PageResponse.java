package io.inferedge.support.web;

import java.util.List;

/**
 * One page of a query's results, newest first, as the API returns it.
 *
 * @param content the items of this page, at most {@code size}
 * @param page the zero-based page number that was asked for
 * @param size the page size that was asked for
 * @param totalElements how many items match the query over all pages
 */
public record PageResponse<T>(List<T> content, int page, int size, long totalElements) {

  public PageResponse {
    content = List.copyOf(content);
  }
}
