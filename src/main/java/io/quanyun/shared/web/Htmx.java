package io.quanyun.shared.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Post-redirect-get that works for plain forms and for htmx requests alike. */
public final class Htmx {

    private Htmx() {
    }

    public static boolean isHtmx(HttpServletRequest request) {
        return "true".equals(request.getHeader("HX-Request"));
    }

    /**
     * For an htmx request, tells the browser to load {@code path} (header {@code HX-Redirect}) and renders
     * nothing; for a plain request, returns the redirect view name.
     */
    public static String redirect(HttpServletRequest request, HttpServletResponse response, String path) {
        if (isHtmx(request)) {
            response.setHeader("HX-Redirect", request.getContextPath() + path);
            return "console/fragments :: empty";
        }
        return "redirect:" + path;
    }
}
