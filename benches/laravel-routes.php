<?php
// Laravel's own route list for an app, drawn by Laravel's router.
//
// Run (Debian: apt-get install php-cli php-illuminate-routing):
//   php benches/laravel-routes.php APP_DIR FILE[=PREFIX] ... [--get /up]
// e.g. for a Laravel 11 app whose bootstrap/app.php says
//   withRouting(web: …/routes/web.php, api: …/routes/api.php, health: '/up'):
//   php benches/laravel-routes.php ~/app routes/web.php routes/api.php=api --get /up
//
// Each FILE (relative to APP_DIR) is loaded as Laravel loads a route file,
// `Route::prefix(PREFIX)->group(FILE)`, in the order given: name the files
// the app's bootstrap/app.php or RouteServiceProvider loads, with the
// prefixes they give. `--get URI` adds a route registered outside route
// files (`health:`). Prints `METHOD /uri` per route and method, sorted,
// without HEAD (Laravel adds it to every GET; parity counts HEAD as answered
// wherever GET is); a whole-segment `{x}` where `.*` or `.+` (Route::fallback,
// `->where('x', '.*')`) is written `{*x}`. config() returns a string the
// app's config/ file gives (with env()'s default); any other value (a
// feature flag) is taken as on, so conditional routes count, as parity
// lists them. `Auth::routes()` is drawn by laravel/ui's routes, written out
// below.
//
// Laravel's routing component of Debian is 8.x; route files written for
// Laravel 9-11 use the same DSL except `Route::singleton` (Laravel 9.x+),
// which this script cannot draw.

require '/usr/share/php/Illuminate/Routing/autoload.php';
require '/usr/share/php/Illuminate/Events/autoload.php';

use Illuminate\Container\Container;
use Illuminate\Events\Dispatcher;
use Illuminate\Routing\Router;
use Illuminate\Support\Facades\Facade;

error_reporting(E_ALL & ~E_DEPRECATED & ~E_WARNING & ~E_NOTICE);

$args = array_slice($argv, 1);
$app = rtrim(array_shift($args), '/');
$GLOBALS['__base'] = $app;

function base_path($path = '') { return $GLOBALS['__base'] . ($path === '' ? '' : '/' . $path); }
function app_path($path = '') { return base_path('app' . ($path === '' ? '' : '/' . $path)); }
// A configuration value that is a string (a path, `config('portfolio.path')`)
// is read from the app's config/ file, as Laravel reads it (with env()'s
// default); any other (a feature flag) is taken as on.
if (!function_exists('config')) {
    function config($key = null, $default = null) {
        $parts = explode('.', (string) $key);
        $file = base_path('config/' . array_shift($parts) . '.php');
        try {
            // Illuminate's env() needs packages Debian's routing does not
            // bring: the config file's env() calls are this script's.
            $code = is_file($file) ? preg_replace('/(?<![\w>:$\\\\])env\(/', '__bench_env(', file_get_contents($file)) : null;
            $value = $code === null ? null : eval('?>' . $code);
        } catch (\Throwable $e) {
            $value = null; // a helper this script does not define
        }
        foreach ($parts as $part) {
            $value = is_array($value) ? ($value[$part] ?? null) : null;
        }
        return is_string($value) ? $value : ($default ?? true);
    }
}
function __bench_env($key, $default = null) { return getenv($key) === false ? $default : getenv($key); }
if (!function_exists('env')) {
    function env($key, $default = null) { return $default ?? true; }
}
if (!function_exists('view')) {
    function view(...$args) { return null; }
}

// Controllers are not loaded: any class the route files name is made up,
// invokable, so that `Route::get('/x', XController::class)` is accepted;
// any method called on it answers true (`if (ITunes::used())`: feature on).
// A class of the app's own (`App\Helpers\Uuid::REGEX` in a `where`) is
// loaded from app/ when it is no controller.
spl_autoload_register(function ($class) {
    $own = base_path('app/' . str_replace('\\', '/', substr($class, 4)) . '.php');
    if (str_starts_with($class, 'App\\') && !str_ends_with($class, 'Controller') && is_file($own)) {
        require $own;
        return;
    }
    $at = strrpos($class, '\\');
    $namespace = $at === false ? '' : 'namespace ' . substr($class, 0, $at) . ';';
    $name = $at === false ? $class : substr($class, $at + 1);
    eval("$namespace class $name { public function __invoke() {} "
        . 'public function __call($m, $a) { return true; } public static function __callStatic($m, $a) { return true; } }');
});

// `Auth::routes($options)` needs laravel/ui, which is not packaged here: its
// `auth` macro is written out below from laravel/ui's documented routes
// (login, logout, register, password reset, password confirmation when the
// app has `Auth\ConfirmPasswordController`, email verification when
// `verify` is true), on Laravel's own router.
eval('namespace Illuminate\\Support\\Facades; class Auth {
    public static function routes(array $options = []) { \\Route::auth($options); }
    public static function __callStatic($m, $a) { return true; }
}');
class_alias('Illuminate\\Support\\Facades\\Auth', 'Auth');
Router::macro('auth', function (array $options = []) {
    if ($options['login'] ?? true) {
        $this->get('login', 'LoginController@showLoginForm');
        $this->post('login', 'LoginController@login');
    }
    if ($options['logout'] ?? true) {
        $this->post('logout', 'LoginController@logout');
    }
    if ($options['register'] ?? true) {
        $this->get('register', 'RegisterController@showRegistrationForm');
        $this->post('register', 'RegisterController@register');
    }
    if ($options['reset'] ?? true) {
        $this->get('password/reset', 'ForgotPasswordController@showLinkRequestForm');
        $this->post('password/email', 'ForgotPasswordController@sendResetLinkEmail');
        $this->get('password/reset/{token}', 'ResetPasswordController@showResetForm');
        $this->post('password/reset', 'ResetPasswordController@reset');
    }
    if ($options['confirm'] ?? is_file(app_path('Http/Controllers/Auth/ConfirmPasswordController.php'))) {
        $this->get('password/confirm', 'ConfirmPasswordController@showConfirmForm');
        $this->post('password/confirm', 'ConfirmPasswordController@confirm');
    }
    if ($options['verify'] ?? false) {
        $this->get('email/verify', 'VerificationController@show');
        $this->get('email/verify/{id}/{hash}', 'VerificationController@verify');
        $this->post('email/resend', 'VerificationController@resend');
    }
});

$container = new Container();
Container::setInstance($container);
$router = new Router(new Dispatcher($container), $container);
$container->instance('router', $router);
Facade::setFacadeApplication($container);
class_alias(Illuminate\Support\Facades\Route::class, 'Route');

$extra = [];
for ($i = 0; $i < count($args); $i++) {
    if ($args[$i] === '--get') {
        $extra[] = $args[++$i];
        continue;
    }
    [$file, $prefix] = array_pad(explode('=', $args[$i], 2), 2, '');
    $router->prefix($prefix)->group(base_path($file));
}
foreach ($extra as $uri) {
    $router->get($uri, fn () => null);
}

$lines = [];
foreach ($router->getRoutes()->getRoutes() as $route) {
    $uri = '/' . trim($route->uri(), '/');
    foreach ($route->wheres as $name => $pattern) {
        // A whole segment only: `{user}.atom` cannot be a catch-all.
        if ($pattern === '.*' || $pattern === '.+') {
            $uri = preg_replace('#/\{' . $name . '\}(?=/|$)#', '/{*' . $name . '}', $uri);
        }
    }
    foreach ($route->methods() as $method) {
        if ($method !== 'HEAD') {
            $lines[] = "$method $uri";
        }
    }
}
$lines = array_unique($lines);
sort($lines);
echo implode("\n", $lines), "\n";
