// Same duration fires in creation order; 0 means 1 ms and shares its list.
for (let i = 0; i < 4; i++) setTimeout(() => console.log('a' + i), 5);
setTimeout(() => console.log('zero'), 0);
setTimeout(() => console.log('one'), 1);
setTimeout(() => console.log('neg'), -10);
setTimeout(() => console.log('big'), 2 ** 40);
for (let i = 0; i < 3; i++) setTimeout(() => console.log('b' + i), 5);
