<?php
/*
 * Seed data for the benchmark, through WordPress's own API (run once, by app.py, after the
 * web installer): usage  php seed.php HOST:PORT  ROLE USER EMAIL PASSWORD "DISPLAY NAME" ...
 *
 * Settings: "Anyone can register" on (Settings > General > Membership; new users get the
 * default role, Subscriber); the Privacy Policy page that the installer leaves as a draft is
 * published (Settings > Privacy).  Everything else keeps the fresh install's defaults
 * (comments open, no comment moderation beyond "comment author must have a previously
 * approved comment", no CAPTCHA, Akismet not activated).
 */
if (PHP_SAPI !== 'cli') { exit(1); }
$_SERVER['HTTP_HOST'] = $argv[1];
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_METHOD'] = 'GET';
define('WP_ADMIN', true);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/user.php';

update_option('users_can_register', 1);

$privacy = (int) get_option('wp_page_for_privacy_policy');
if ($privacy) {
    wp_update_post(['ID' => $privacy, 'post_status' => 'publish']);
}

$ids = [];
for ($i = 2; $i + 4 < count($argv); $i += 5) {
    [$role, $login, $email, $pass, $display] = array_slice($argv, $i, 5);
    $parts = explode(' ', $display, 2);
    $id = username_exists($login);
    if (!$id) {
        $id = wp_insert_user([
            'user_login' => $login, 'user_email' => $email, 'user_pass' => $pass,
            'display_name' => $display, 'nickname' => $parts[0], 'first_name' => $parts[0],
            'last_name' => $parts[1] ?? '', 'role' => get_option('default_role'),
        ]);
        if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message() . "\n"); exit(1); }
    }
    $ids[$role] = $id;
    echo "user $role: $id\n";
}
$admin = get_user_by('login', 'blogadmin');

function seed_post($title, $content, $author) {
    $found = get_page_by_title($title, OBJECT, 'post');
    if ($found) { return $found->ID; }
    return wp_insert_post(['post_title' => $title, 'post_content' => $content,
                           'post_status' => 'publish', 'post_author' => $author,
                           'comment_status' => 'open']);
}

function seed_comment($post, $user_id, $text, $parent = 0) {
    $u = get_userdata($user_id);
    return wp_insert_comment(['comment_post_ID' => $post, 'user_id' => $user_id,
                              'comment_author' => $u->display_name,
                              'comment_author_email' => $u->user_email,
                              'comment_content' => $text, 'comment_parent' => $parent,
                              'comment_approved' => 1]);
}

$p1 = seed_post('Spring clean-up day at Riverside Park',
    "<!-- wp:paragraph -->\n<p>Join us on Saturday at 10am by the boathouse. Gloves and bags "
    . "are provided; bring water and a friend. Tell us in the comments if you can come.</p>\n"
    . "<!-- /wp:paragraph -->", $admin->ID);
$p2 = seed_post('Which books should the library club read next?',
    "<!-- wp:paragraph -->\n<p>The reading club meets every second Thursday. Suggest a title "
    . "in the comments and we will vote at the next meeting.</p>\n<!-- /wp:paragraph -->",
    $admin->ID);
$p3 = seed_post('New bike racks outside the community centre',
    "<!-- wp:paragraph -->\n<p>Twelve new bike racks were installed this week. Thanks to "
    . "everyone who signed the petition.</p>\n<!-- /wp:paragraph -->", $admin->ID);

if (!get_comments(['post_id' => $p1, 'count' => true])) {
    $c1 = seed_comment($p1, $ids['adult'], 'I will be there with my neighbours. Count us in!');
    seed_comment($p1, $ids['child'], 'Can I come with my mum? We can bring extra bags.');
    seed_comment($p1, $ids['third'], 'Great idea, the path by the river needs it.', $c1);
    seed_comment($p1, $admin->ID, 'Everyone is welcome, see you on Saturday!');
}
if (!get_comments(['post_id' => $p2, 'count' => true])) {
    seed_comment($p2, $ids['third'], 'How about a mystery novel this time?');
    seed_comment($p2, $ids['child'], 'I liked the last fantasy book a lot.');
}
echo "posts: $p1 $p2 $p3\n";
