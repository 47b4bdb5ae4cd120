package io.bulkimport.notify;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the addresses an upload asks to be notified at ({@code notifyUrl=}, {@code notifyEmail=}). A webhook URL
 * must be {@code http} or {@code https} to a host named in {@code notify.allowed-hosts} (exact names, any case;
 * ports are free): anyone who may upload must not make the service send requests to internal services
 * (server-side request forgery). The operator's own {@code notify.webhook-url} is not checked.
 */
public final class NotificationAddresses {

    private final Set<String> allowedHosts;

    /** @param allowedHosts comma-separated host names; empty allows no {@code notifyUrl} at all */
    public NotificationAddresses(String allowedHosts) {
        this.allowedHosts = Arrays.stream(allowedHosts == null ? new String[0] : allowedHosts.split(","))
                .map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param url the upload's {@code notifyUrl}
     * @return the URL as given, when allowed
     * @throws IllegalArgumentException with a message for the uploader: not an http(s) URL, user info in it, or a host
     *                                  not in {@code notify.allowed-hosts}
     */
    public String checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("notifyUrl is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("notifyUrl must be an http:// or https:// URL with a host name");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("notifyUrl must not hold a user name or password");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!allowedHosts.contains(host)) {
            throw new IllegalArgumentException("notifyUrl host '" + host + "' is not allowed: webhooks of an upload go only "
                    + "to the hosts in notify.allowed-hosts (" + (allowedHosts.isEmpty() ? "none set" : String.join(", ",
                    allowedHosts.stream().sorted().toList())) + ")");
        }
        return uri.toString();
    }

    /**
     * @param addresses the upload's {@code notifyEmail}: one address or several separated by commas, without names
     * @return the addresses, trimmed
     * @throws IllegalArgumentException naming the address that is not a plain e-mail address
     */
    public List<String> checkEmail(String addresses) {
        List<String> list = Arrays.stream(addresses.split(",")).map(String::strip).filter(a -> !a.isEmpty()).toList();
        if (list.isEmpty()) {
            throw new IllegalArgumentException("notifyEmail is empty");
        }
        for (String address : list) {
            try {
                InternetAddress parsed = new InternetAddress(address, true);
                if (!parsed.getAddress().equals(address) || parsed.getPersonal() != null) {
                    throw new AddressException("not a plain address");
                }
            } catch (AddressException e) {
                throw new IllegalArgumentException("notifyEmail '" + address + "' is not an e-mail address");
            }
        }
        return list;
    }
}
