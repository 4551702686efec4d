package jp.jukinet.window.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The window's start page (the 届出 it takes, the search) and its sign-in page. */
@Controller
class HomeController {

    @GetMapping("/")
    String home() {
        return "window/home";
    }

    @GetMapping("/login")
    String signIn() {
        return "window/login";
    }
}
